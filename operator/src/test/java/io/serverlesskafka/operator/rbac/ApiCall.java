package io.serverlesskafka.operator.rbac;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One kind of API request as RBAC authorizes it: API group ("" for core), resource (with
 * /subresource), verb.
 */
public record ApiCall(String group, String resource, String verb) implements Comparable<ApiCall> {
  private static final Comparator<ApiCall> ORDER =
      Comparator.comparing(ApiCall::group)
          .thenComparing(ApiCall::resource)
          .thenComparing(ApiCall::verb);

  /** The call a request is authorized as; null for discovery and other non-resource paths. */
  public static ApiCall of(String method, String path, String query) {
    List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    String group;
    List<String> rest;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return null;
    }
    if (rest.isEmpty()) {
      return null;
    }
    String resource;
    String name = null;
    String subresource = null;
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      resource = rest.get(2);
      name = rest.size() > 3 ? rest.get(3) : null;
      subresource = rest.size() > 4 ? rest.get(4) : null;
    } else {
      resource = rest.get(0);
      name = rest.size() > 1 ? rest.get(1) : null;
      subresource = rest.size() > 2 ? rest.get(2) : null;
    }
    boolean watch = query != null && Arrays.asList(query.split("&")).contains("watch=true");
    String verb =
        switch (method) {
          case "GET" -> name != null ? "get" : watch ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name != null ? "delete" : "deletecollection";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return new ApiCall(group, subresource == null ? resource : resource + "/" + subresource, verb);
  }

  /** The calls listed in rbac/operator-api-calls.txt on the test classpath. */
  public static java.util.Set<ApiCall> listed() {
    try (java.io.InputStream in =
        ApiCall.class.getResourceAsStream("/rbac/operator-api-calls.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(ApiCall::parse)
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Parses "group resource verb" ("core" for the core group). */
  public static ApiCall parse(String line) {
    String[] f = line.trim().split("\\s+");
    return new ApiCall(f[0].equals("core") ? "" : f[0], f[1], f[2]);
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
  }

  @Override
  public int compareTo(ApiCall o) {
    return ORDER.compare(this, o);
  }
}
