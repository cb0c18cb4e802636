package io.serverlesskafka.operator.usage;

import java.util.HashMap;
import java.util.Map;

/**
 * What one HTTP gateway process's {@code /metrics} said: its instance id (new at every start) and,
 * per credential (user), its counters since that start.
 */
public record GatewayScrape(String instance, Map<String, Counts> perUser) {
  public static final String INFO = "serverless_kafka_gateway_info";
  public static final String REQUESTS = "serverless_kafka_gateway_requests_total";
  public static final String RECORDS = "serverless_kafka_gateway_records_total";

  /** Requests answered with 200, records produced, records returned by fetch and consume. */
  public record Counts(long requests, long recordsIn, long recordsOut) {
    Counts plus(Counts o) {
      return new Counts(requests + o.requests, recordsIn + o.recordsIn, recordsOut + o.recordsOut);
    }
  }

  public Counts of(String user) {
    return perUser.getOrDefault(user, new Counts(0, 0, 0));
  }

  /**
   * Reads the Prometheus text format the gateway writes. Lines of other metrics are skipped; a page
   * without the gateway's info line is not a gateway's and gives null.
   */
  public static GatewayScrape parse(String text) {
    String instance = null;
    Map<String, Counts> perUser = new HashMap<>();
    for (String line : text.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int close = line.lastIndexOf('}');
      if (brace < 0 || close < brace) {
        continue;
      }
      String name = line.substring(0, brace);
      Map<String, String> labels = labels(line.substring(brace + 1, close));
      String[] rest = line.substring(close + 1).strip().split("\\s+");
      if (rest.length == 0 || rest[0].isEmpty()) {
        continue;
      }
      long value;
      try {
        value = (long) Double.parseDouble(rest[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      String user = labels.get("user");
      switch (name) {
        case INFO -> instance = labels.get("instance");
        case REQUESTS -> {
          if (user != null) {
            perUser.merge(user, new Counts(value, 0, 0), Counts::plus);
          }
        }
        case RECORDS -> {
          if (user != null) {
            boolean in = "in".equals(labels.get("direction"));
            perUser.merge(
                user, in ? new Counts(0, value, 0) : new Counts(0, 0, value), Counts::plus);
          }
        }
        default -> {}
      }
    }
    return instance == null ? null : new GatewayScrape(instance, perUser);
  }

  /** {@code a="x",b="y\"z"}: Prometheus label values escape backslash, quote and newline. */
  static Map<String, String> labels(String text) {
    Map<String, String> labels = new HashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
        break;
      }
      String name = text.substring(i, eq).strip();
      if (name.startsWith(",")) {
        name = name.substring(1).strip();
      }
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < text.length() && text.charAt(j) != '"'; j++) {
        char c = text.charAt(j);
        if (c == '\\' && j + 1 < text.length()) {
          char n = text.charAt(++j);
          value.append(n == 'n' ? '\n' : n);
        } else {
          value.append(c);
        }
      }
      labels.put(name, value.toString());
      i = j + 1;
      while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
        i++;
      }
    }
    return labels;
  }
}
