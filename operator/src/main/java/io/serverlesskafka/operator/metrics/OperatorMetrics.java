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
  private final Gauge rebalanceMoves;
  private final Counter bytesMoved;
  private final Counter scalingDecisions;
  private final Counter clusterReconciliations;
  private final Map<String, String> topicStates = new ConcurrentHashMap<>();
  private final Map<String, java.util.function.IntSupplier> tracked = new ConcurrentHashMap<>();

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
    rebalanceMoves = Gauge.builder().name("serverless_kafka_rebalance_moves")
        .help("Partition moves of the last or running rebalance, by state (total, done, running, cancelled)")
        .labelNames("namespace", "cluster", "state").register(registry);
    bytesMoved = Counter.builder().name("serverless_kafka_rebalance_bytes_moved_total")
        .help("Bytes copied to new replicas by completed rebalances").labelNames("namespace", "cluster").register(registry);
    scalingDecisions = Counter.builder().name("serverless_kafka_autoscaler_decisions_total")
        .help("Autoscaler decisions that changed, or would change, the broker count")
        .labelNames("namespace", "cluster", "action", "realized").register(registry);
    // Per cluster (there are few): a cluster that waits (deletion blocked, Strimzi not ready) should be
    // looked at on a timer or a real change, and this shows whether it is.
    clusterReconciliations = Counter.builder().name("serverless_kafka_cluster_reconciliations_total")
        .help("Reconciliations (cleanup included) of each ServerlessKafka").labelNames("namespace", "cluster")
        .register(registry);
    // Per-object memory of the operator: each should shrink back when its topics and clusters go (the soak checks).
    io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("serverless_kafka_operator_tracked_entries")
        .help("Entries of the operator's per-topic and per-cluster in-memory maps, by map").labelNames("map")
        .callback(cb -> tracked.forEach((map, size) -> cb.call(size.getAsInt(), map))).register(registry);
    track("topic_states", topicStates::size);
  }

  /** Exports the size of an in-memory map as serverless_kafka_operator_tracked_entries{map="..."}. */
  public void track(String map, java.util.function.IntSupplier size) {
    tracked.put(map, size);
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

  public void rebalanceProgress(HasMetadata cluster, io.serverlesskafka.api.v1alpha1.RebalanceStatus status) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    int total = status.getMovesTotal() == null ? 0 : status.getMovesTotal();
    int done = status.getMovesDone() == null ? 0 : status.getMovesDone();
    int cancelled = status.getMovesCancelled() == null ? 0 : status.getMovesCancelled();
    rebalanceMoves.labelValues(ns, name, "total").set(total);
    rebalanceMoves.labelValues(ns, name, "done").set(done);
    rebalanceMoves.labelValues(ns, name, "cancelled").set(cancelled);
    rebalanceMoves.labelValues(ns, name, "running").set("Running".equals(status.getPhase()) ? total - done - cancelled : 0);
    if ("Completed".equals(status.getPhase()) && status.getBytesDone() != null) {
      bytesMoved.labelValues(ns, name).inc(status.getBytesDone());
    }
  }

  public void scalingDecision(HasMetadata cluster, String action, boolean realized) {
    scalingDecisions.labelValues(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), action,
        String.valueOf(realized)).inc();
  }

  public void clusterReconciled(HasMetadata cluster) {
    clusterReconciliations.labelValues(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName()).inc();
  }

  public void clusterDeleted(HasMetadata cluster) {
    clusterReconciliations.remove(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
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
