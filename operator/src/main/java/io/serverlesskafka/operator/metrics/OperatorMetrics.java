package io.serverlesskafka.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.serverlesskafka.operator.status.ConditionReason;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The operator's own Prometheus metrics. Names start with serverless_kafka_. */
public final class OperatorMetrics {
  private final PrometheusRegistry registry;
  final Counter reconciliations;
  final Counter reconciliationErrors;
  final Histogram reconciliationDuration;
  final Counter events;
  private final Gauge topics;
  private final Gauge brokers;
  private final Map<String, String> topicStates = new ConcurrentHashMap<>();

  public OperatorMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    reconciliations = Counter.builder().name("serverless_kafka_reconciliations_total")
        .help("Reconciliations started, by controller").labelNames("controller").register(registry);
    reconciliationErrors = Counter.builder().name("serverless_kafka_reconciliation_errors_total")
        .help("Reconciliations that failed with an exception, by controller and exception").labelNames("controller", "exception")
        .register(registry);
    reconciliationDuration = Histogram.builder().name("serverless_kafka_reconciliation_duration_seconds")
        .help("Time spent in reconcile and cleanup, by controller, operation and result")
        .labelNames("controller", "operation", "result").register(registry);
    events = Counter.builder().name("serverless_kafka_resource_events_total")
        .help("Kubernetes events received by the controllers").labelNames("controller", "action").register(registry);
    topics = Gauge.builder().name("serverless_kafka_topics")
        .help("ServerlessTopics by the reason of their Ready condition (Ready when usable)").labelNames("state").register(registry);
    brokers = Gauge.builder().name("serverless_kafka_cluster_brokers")
        .help("Brokers of each ServerlessKafka: desired (pool size) and ready").labelNames("namespace", "cluster", "kind")
        .register(registry);
    for (ConditionReason reason : ConditionReason.values()) {
      topics.labelValues(reason.name()).set(0);
    }
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void topicState(HasMetadata topic, ConditionReason reason) {
    topicStates.put(key(topic), reason.name());
    refreshTopics();
  }

  public void topicDeleted(HasMetadata topic) {
    topicStates.remove(key(topic));
    refreshTopics();
  }

  public void clusterBrokers(HasMetadata cluster, Integer desired, Integer ready) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    brokers.labelValues(ns, name, "desired").set(desired == null ? 0 : desired);
    brokers.labelValues(ns, name, "ready").set(ready == null ? 0 : ready);
  }

  public void clusterDeleted(HasMetadata cluster) {
    brokers.remove(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), "desired");
    brokers.remove(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), "ready");
  }

  private synchronized void refreshTopics() {
    Map<String, Long> counts = new java.util.HashMap<>();
    topicStates.values().forEach(s -> counts.merge(s, 1L, Long::sum));
    for (ConditionReason reason : ConditionReason.values()) {
      topics.labelValues(reason.name()).set(counts.getOrDefault(reason.name(), 0L));
    }
  }

  private static String key(HasMetadata r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }
}
