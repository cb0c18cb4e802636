package io.serverlesskafka.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Upstash's paths, matched without any Kafka or HTTP server in sight. */
final class Routes {

  enum Route {
    PRODUCE,
    PRODUCE_IN_PATH,
    FETCH,
    CONSUME,
    COMMIT,
    COMMITTED,
    OFFSETS,
    DELETE_CONSUMER,
    TOPICS,
    CONSUMERS,
    WEBHOOK,
    OPENAPI,
    HEALTH,
    METRICS
  }

  /**
   * A matched request: the route and its path parameters (topic, message, group, instance,
   * timestamp), decoded.
   */
  record Match(
      Route route, String topic, String message, String group, String instance, String timestamp) {}

  private static final Set<String> GET_POST = Set.of("GET", "POST");

  private Routes() {}

  /**
   * @throws GatewayException 404 for an unknown path, 405 for a known path with a method Upstash
   *     does not accept
   */
  static Match match(String method, String rawPath) {
    List<String> s = segments(rawPath);
    String first = s.isEmpty() ? "" : s.get(0);
    return switch (first) {
      case "produce" ->
          switch (s.size()) {
            case 1 ->
                allow(method, GET_POST, new Match(Route.PRODUCE, null, null, null, null, null));
            case 2 ->
                allow(method, GET_POST, new Match(Route.PRODUCE, s.get(1), null, null, null, null));
            case 3 ->
                allow(
                    method,
                    GET_POST,
                    new Match(Route.PRODUCE_IN_PATH, s.get(1), s.get(2), null, null, null));
            default -> notFound(rawPath);
          };
      case "fetch" ->
          s.size() == 1
              ? allow(method, GET_POST, new Match(Route.FETCH, null, null, null, null, null))
              : notFound(rawPath);
      case "consume" ->
          switch (s.size()) {
            case 3 ->
                allow(
                    method,
                    GET_POST,
                    new Match(Route.CONSUME, null, null, s.get(1), s.get(2), null));
            case 4 ->
                allow(
                    method,
                    GET_POST,
                    new Match(Route.CONSUME, s.get(3), null, s.get(1), s.get(2), null));
            default -> notFound(rawPath);
          };
      case "commit" ->
          s.size() == 3
              ? allow(
                  method, GET_POST, new Match(Route.COMMIT, null, null, s.get(1), s.get(2), null))
              : notFound(rawPath);
      case "committed" ->
          s.size() == 3
              ? allow(
                  method,
                  GET_POST,
                  new Match(Route.COMMITTED, null, null, s.get(1), s.get(2), null))
              : notFound(rawPath);
      case "offsets" ->
          s.size() == 2
              ? allow(method, GET_POST, new Match(Route.OFFSETS, null, null, null, null, s.get(1)))
              : notFound(rawPath);
      case "delete-consumer" ->
          s.size() == 3
              ? allow(
                  method,
                  Set.of("POST", "DELETE", "GET"),
                  new Match(Route.DELETE_CONSUMER, null, null, s.get(1), s.get(2), null))
              : notFound(rawPath);
      case "topics" ->
          s.size() == 1 ? allow(method, Set.of("GET"), simple(Route.TOPICS)) : notFound(rawPath);
      case "consumers" ->
          s.size() == 1 ? allow(method, Set.of("GET"), simple(Route.CONSUMERS)) : notFound(rawPath);
      case "webhook" ->
          s.size() == 1 ? allow(method, GET_POST, simple(Route.WEBHOOK)) : notFound(rawPath);
      case "openapi.yaml" ->
          s.size() == 1 ? allow(method, Set.of("GET"), simple(Route.OPENAPI)) : notFound(rawPath);
      case "metrics" ->
          s.size() == 1 ? allow(method, Set.of("GET"), simple(Route.METRICS)) : notFound(rawPath);
      case "healthz" ->
          s.size() == 1 ? allow(method, Set.of("GET"), simple(Route.HEALTH)) : notFound(rawPath);
      default -> notFound(rawPath);
    };
  }

  private static Match simple(Route route) {
    return new Match(route, null, null, null, null, null);
  }

  private static Match allow(String method, Set<String> methods, Match match) {
    if (!methods.contains(method)) {
      throw new GatewayException(
          405,
          "method "
              + method
              + " is not allowed here; use one of "
              + methods.stream().sorted().toList());
    }
    return match;
  }

  private static Match notFound(String rawPath) {
    throw new GatewayException(404, "no such API: " + rawPath + " (see /openapi.yaml)");
  }

  /**
   * Path segments, each percent-decoded on its own so that an encoded '/' stays inside its segment.
   */
  static List<String> segments(String rawPath) {
    List<String> result = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        // '+' is a literal plus in a path (only query strings use it for spaces).
        result.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return result;
  }
}
