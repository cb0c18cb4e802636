package io.serverlesskafka.gateway;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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

  // A registry of its own: these series are the metering contract, nothing else is mixed in.
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final String instance;
  private final Counter requests =
      Counter.builder()
          .name(REQUESTS)
          .help("Requests answered with 200, by credential (user) and route")
          .labelNames("user", "route")
          .register(registry);
  private final Counter records =
      Counter.builder()
          .name(RECORDS)
          .help(
              "Records produced (direction in) or returned by fetch and consume (out), by credential"
                  + " and topic")
          .labelNames("user", "topic", "direction")
          .register(registry);

  UsageCounters() {
    byte[] id = new byte[8];
    new SecureRandom().nextBytes(id);
    this.instance = HexFormat.of().formatHex(id);
    Info.builder()
        .name(INFO)
        .help("This gateway process; instance changes at every start (counters restart at 0)")
        .labelNames("instance", "start_time_seconds")
        .register(registry)
        .setLabelValues(instance, Long.toString(System.currentTimeMillis() / 1000));
  }

  String instance() {
    return instance;
  }

  /** A request answered with 200, by the authenticated user, route in lower case. */
  void request(String user, Routes.Route route) {
    requests.labelValues(user, route.name().toLowerCase(Locale.ROOT)).inc();
  }

  /** Records produced ("in") or returned by fetch and consume ("out"): the topic of each record. */
  void records(String user, String direction, List<String> topicOfEachRecord) {
    Map<String, Long> perTopic = new TreeMap<>();
    topicOfEachRecord.forEach(t -> perTopic.merge(t, 1L, Long::sum));
    perTopic.forEach((topic, n) -> records.labelValues(user, topic, direction).inc(n));
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  byte[] exposition() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  String contentType() {
    return writer.getContentType();
  }
}
