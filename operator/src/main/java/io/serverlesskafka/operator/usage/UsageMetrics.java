package io.serverlesskafka.operator.usage;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.serverlesskafka.api.v1alpha1.TopicUsage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-topic usage as Prometheus metrics, labelled namespace, topic (the ServerlessTopic's name) and
 * cluster (namespace/name). Counters carry the totals of status.usage: after an operator restart
 * the first sample raises them to the persisted totals, so they continue rather than start over (a
 * counter reset to Prometheus' rate(), not a loss).
 */
public final class UsageMetrics {
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Counter recordsIn;
  private final Counter recordsOut;
  private final Counter gatewayRequests;
  private final Counter gatewayRecordsIn;
  private final Counter gatewayRecordsOut;
  private final Counter cost;
  private final Gauge storedBytes;
  private final Gauge quota;
  private final Map<String, TopicUsage> exported = new ConcurrentHashMap<>();
  private final Map<String, String[]> labelsOf = new ConcurrentHashMap<>();

  public UsageMetrics(PrometheusRegistry registry) {
    String[] labels = {"namespace", "topic", "cluster"};
    bytesIn =
        Counter.builder()
            .name("serverless_kafka_topic_bytes_in_total")
            .help("Bytes produced to the topic (as stored by Kafka)")
            .labelNames(labels)
            .register(registry);
    bytesOut =
        Counter.builder()
            .name("serverless_kafka_topic_bytes_out_total")
            .help(
                "Bytes consumed from the topic by its consumer groups (records consumed times the average stored record size)")
            .labelNames(labels)
            .register(registry);
    recordsIn =
        Counter.builder()
            .name("serverless_kafka_topic_records_in_total")
            .help("Records produced to the topic")
            .labelNames(labels)
            .register(registry);
    recordsOut =
        Counter.builder()
            .name("serverless_kafka_topic_records_out_total")
            .help("Records consumed and committed by the topic's consumer groups")
            .labelNames(labels)
            .register(registry);
    gatewayRequests =
        Counter.builder()
            .name("serverless_kafka_topic_gateway_requests_total")
            .help("Requests the HTTP gateway answered with 200 for the topic's credentials")
            .labelNames(labels)
            .register(registry);
    gatewayRecordsIn =
        Counter.builder()
            .name("serverless_kafka_topic_gateway_records_in_total")
            .help("Records the topic's credentials produced through the HTTP gateway")
            .labelNames(labels)
            .register(registry);
    gatewayRecordsOut =
        Counter.builder()
            .name("serverless_kafka_topic_gateway_records_out_total")
            .help("Records the HTTP gateway returned to the topic's credentials (fetch, consume)")
            .labelNames(labels)
            .register(registry);
    cost =
        Counter.builder()
            .name("serverless_kafka_topic_cost_total")
            .help("Showback cost of the topic from the cluster's spec.pricing")
            .labelNames("namespace", "topic", "cluster", "currency")
            .register(registry);
    storedBytes =
        Gauge.builder()
            .name("serverless_kafka_topic_stored_bytes")
            .help("Bytes the topic stores (one copy)")
            .labelNames(labels)
            .register(registry);
    quota =
        Gauge.builder()
            .name("serverless_kafka_topic_quota_bytes_per_second")
            .help(
                "Cluster-wide rate the topic's quota allows (spec.throughput times the cluster's burst factor), by direction in/out")
            .labelNames("namespace", "topic", "cluster", "direction")
            .register(registry);
  }

  /**
   * The topic's quotas in bytes per second, each null when the manifest declares none (its series
   * goes). Called after {@link #record}, whose bookkeeping {@link #retain} uses to drop them with
   * the topic.
   */
  public void quota(
      String namespace,
      String topic,
      String cluster,
      Double inBytesPerSecond,
      Double outBytesPerSecond) {
    setOrRemove(quota, inBytesPerSecond, namespace, topic, cluster, "in");
    setOrRemove(quota, outBytesPerSecond, namespace, topic, cluster, "out");
  }

  private static void setOrRemove(Gauge gauge, Double value, String... labels) {
    if (value == null) {
      gauge.remove(labels);
    } else {
      gauge.labelValues(labels).set(value);
    }
  }

  public void record(String namespace, String topic, String cluster, TopicUsage usage) {
    String key = namespace + "/" + topic;
    TopicUsage before = exported.get(key);
    inc(
        bytesIn,
        usage.getBytesIn(),
        before == null ? null : before.getBytesIn(),
        namespace,
        topic,
        cluster);
    inc(
        bytesOut,
        usage.getBytesOut(),
        before == null ? null : before.getBytesOut(),
        namespace,
        topic,
        cluster);
    inc(
        recordsIn,
        usage.getRecordsIn(),
        before == null ? null : before.getRecordsIn(),
        namespace,
        topic,
        cluster);
    inc(
        recordsOut,
        usage.getRecordsOut(),
        before == null ? null : before.getRecordsOut(),
        namespace,
        topic,
        cluster);
    if (usage.getGatewayRequests() != null) {
      inc(
          gatewayRequests,
          usage.getGatewayRequests(),
          before == null ? null : before.getGatewayRequests(),
          namespace,
          topic,
          cluster);
      inc(
          gatewayRecordsIn,
          usage.getGatewayRecordsIn(),
          before == null ? null : before.getGatewayRecordsIn(),
          namespace,
          topic,
          cluster);
      inc(
          gatewayRecordsOut,
          usage.getGatewayRecordsOut(),
          before == null ? null : before.getGatewayRecordsOut(),
          namespace,
          topic,
          cluster);
    }
    double costDelta = nz(usage.getCost()) - (before == null ? 0 : nz(before.getCost()));
    if (costDelta > 0) {
      cost.labelValues(
              namespace, topic, cluster, usage.getCurrency() == null ? "" : usage.getCurrency())
          .inc(costDelta);
    }
    storedBytes
        .labelValues(namespace, topic, cluster)
        .set(usage.getStoredBytes() == null ? 0 : usage.getStoredBytes());
    exported.put(key, usage);
    labelsOf.put(
        key,
        new String[] {
          namespace, topic, cluster, usage.getCurrency() == null ? "" : usage.getCurrency()
        });
  }

  /** Drops the series of topics that are gone; keys are namespace/name. */
  public void retain(java.util.Set<String> topics) {
    for (String key : java.util.List.copyOf(labelsOf.keySet())) {
      if (!topics.contains(key)) {
        String[] l = labelsOf.remove(key);
        exported.remove(key);
        for (Counter c :
            new Counter[] {
              bytesIn,
              bytesOut,
              recordsIn,
              recordsOut,
              gatewayRequests,
              gatewayRecordsIn,
              gatewayRecordsOut
            }) {
          c.remove(l[0], l[1], l[2]);
        }
        storedBytes.remove(l[0], l[1], l[2]);
        quota.removeIf(values -> values.get(0).equals(l[0]) && values.get(1).equals(l[1]));
        cost.remove(l[0], l[1], l[2], l[3]);
      }
    }
  }

  private static void inc(Counter counter, Long now, Long before, String... labels) {
    long delta = (now == null ? 0 : now) - (before == null ? 0 : before);
    if (delta > 0) {
      counter.labelValues(labels).inc(delta);
    } else if (before == null) {
      counter.labelValues(labels).inc(0); // make the series visible at 0
    }
  }

  private static double nz(Double d) {
    return d == null ? 0 : d;
  }
}
