package io.serverlesskafka.gateway;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests and records per credential, served as Prometheus text at {@code GET /metrics}, for the
 * operator's metering (per-request showback) and for anyone's Prometheus.
 *
 * <p>Only requests answered with 200 are counted: the username of a refused request is not known to
 * be a real one, and counting it would let anyone add series. The counters live in this process:
 * they start at 0 when the gateway starts. Every start has a new random {@code instance} id ({@code
 * serverless_kafka_gateway_info}), so a reader that remembers values per instance (the operator)
 * tells a restart from a counter that did not move, as Prometheus' {@code increase()} does with
 * counter resets.
 */
final class UsageCounters {
  static final String REQUESTS = "serverless_kafka_gateway_requests_total";
  static final String RECORDS = "serverless_kafka_gateway_records_total";
  static final String INFO = "serverless_kafka_gateway_info";

  private record RequestKey(String user, String route) {}

  private record RecordKey(String user, String topic, String direction) {}

  private final String instance;
  private final long startSeconds = System.currentTimeMillis() / 1000;
  private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<RecordKey, LongAdder> records = new ConcurrentHashMap<>();

  UsageCounters() {
    byte[] id = new byte[8];
    new SecureRandom().nextBytes(id);
    this.instance = HexFormat.of().formatHex(id);
  }

  String instance() {
    return instance;
  }

  /** A request answered with 200, by the authenticated user, route in lower case. */
  void request(String user, Routes.Route route) {
    requests
        .computeIfAbsent(
            new RequestKey(user, route.name().toLowerCase(java.util.Locale.ROOT)),
            k -> new LongAdder())
        .increment();
  }

  /** Records produced ("in") or returned by fetch and consume ("out"): the topic of each record. */
  void records(String user, String direction, List<String> topicOfEachRecord) {
    Map<String, Long> perTopic = new TreeMap<>();
    topicOfEachRecord.forEach(t -> perTopic.merge(t, 1L, Long::sum));
    perTopic.forEach(
        (topic, n) ->
            records
                .computeIfAbsent(new RecordKey(user, topic, direction), k -> new LongAdder())
                .add(n));
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  byte[] exposition() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP ")
        .append(INFO)
        .append(" This gateway process; instance changes at every start (counters restart at 0)\n");
    out.append("# TYPE ").append(INFO).append(" gauge\n");
    out.append(INFO)
        .append("{instance=\"")
        .append(instance)
        .append("\",start_time_seconds=\"")
        .append(startSeconds)
        .append("\"} 1\n");
    out.append("# HELP ")
        .append(REQUESTS)
        .append(" Requests answered with 200, by credential (user) and route\n");
    out.append("# TYPE ").append(REQUESTS).append(" counter\n");
    new TreeMap<String, Long>(
            requests.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        e ->
                            "{user=\""
                                + escape(e.getKey().user())
                                + "\",route=\""
                                + e.getKey().route()
                                + "\"}",
                        e -> e.getValue().sum())))
        .forEach(
            (labels, v) -> out.append(REQUESTS).append(labels).append(' ').append(v).append('\n'));
    out.append("# HELP ")
        .append(RECORDS)
        .append(
            " Records produced (direction in) or returned by fetch and consume (out), by credential and topic\n");
    out.append("# TYPE ").append(RECORDS).append(" counter\n");
    new TreeMap<String, Long>(
            records.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        e ->
                            "{user=\""
                                + escape(e.getKey().user())
                                + "\",topic=\""
                                + escape(e.getKey().topic())
                                + "\",direction=\""
                                + e.getKey().direction()
                                + "\"}",
                        e -> e.getValue().sum())))
        .forEach(
            (labels, v) -> out.append(RECORDS).append(labels).append(' ').append(v).append('\n'));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
