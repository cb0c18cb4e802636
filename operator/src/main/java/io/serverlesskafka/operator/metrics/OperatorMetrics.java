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
  private final Gauge utilization;
  private final Gauge utilizationTarget;
  private final Counter autoscalerRounds;
  private final Gauge autoscalerSkipping;
  private final Gauge rebalancePhase;
  private final Gauge rebalanceProgressTime;

  /**
   * Phases a rebalance reports in status.rebalance.phase; each is exported, 1 for the current one.
   */
  static final java.util.List<String> REBALANCE_PHASES =
      java.util.List.of("Running", "Completed", "Failed");

  private final Map<String, String> topicStates = new ConcurrentHashMap<>();
  private final Map<String, java.util.function.IntSupplier> tracked = new ConcurrentHashMap<>();

  public OperatorMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    reconciliations =
        Counter.builder()
            .name("serverless_kafka_reconciliations_total")
            .help("Reconciliations started, by controller")
            .labelNames("controller")
            .register(registry);
    reconciliationErrors =
        Counter.builder()
            .name("serverless_kafka_reconciliation_errors_total")
            .help("Reconciliations that failed with an exception, by controller and exception")
            .labelNames("controller", "exception")
            .register(registry);
    reconciliationDuration =
        Histogram.builder()
            .name("serverless_kafka_reconciliation_duration_seconds")
            .help("Time spent in reconcile and cleanup, by controller, operation and result")
            .labelNames("controller", "operation", "result")
            .register(registry);
    events =
        Counter.builder()
            .name("serverless_kafka_resource_events_total")
            .help("Kubernetes events received by the controllers")
            .labelNames("controller", "action")
            .register(registry);
    topics =
        Gauge.builder()
            .name("serverless_kafka_topics")
            .help("ServerlessTopics by the reason of their Ready condition (Ready when usable)")
            .labelNames("state")
            .register(registry);
    brokers =
        Gauge.builder()
            .name("serverless_kafka_cluster_brokers")
            .help("Brokers of each ServerlessKafka: desired (pool size) and ready")
            .labelNames("namespace", "cluster", "kind")
            .register(registry);
    for (ConditionReason reason : ConditionReason.values()) {
      topics.labelValues(reason.name()).set(0);
    }
    rebalanceMoves =
        Gauge.builder()
            .name("serverless_kafka_rebalance_moves")
            .help(
                "Partition moves of the last or running rebalance, by state (total, done, running, cancelled)")
            .labelNames("namespace", "cluster", "state")
            .register(registry);
    bytesMoved =
        Counter.builder()
            .name("serverless_kafka_rebalance_bytes_moved_total")
            .help("Bytes copied to new replicas by completed rebalances")
            .labelNames("namespace", "cluster")
            .register(registry);
    scalingDecisions =
        Counter.builder()
            .name("serverless_kafka_autoscaler_decisions_total")
            .help("Autoscaler decisions that changed, or would change, the broker count")
            .labelNames("namespace", "cluster", "action", "realized")
            .register(registry);
    // Per cluster (there are few): a cluster that waits (deletion blocked, Strimzi not ready)
    // should be
    // looked at on a timer or a real change, and this shows whether it is.
    clusterReconciliations =
        Counter.builder()
            .name("serverless_kafka_cluster_reconciliations_total")
            .help("Reconciliations (cleanup included) of each ServerlessKafka")
            .labelNames("namespace", "cluster")
            .register(registry);
    // Per topic, so that an alert names the topic that is not Ready (serverless_kafka_topics only
    // counts them).
    io.prometheus.metrics.core.metrics.GaugeWithCallback.builder()
        .name("serverless_kafka_topic_ready")
        .help(
            "1 when the ServerlessTopic's Ready condition is True, 0 otherwise (the reason is in its status)")
        .labelNames("namespace", "topic")
        .callback(
            cb ->
                topicStates.forEach(
                    (key, reason) -> {
                      int slash = key.indexOf('/');
                      cb.call(
                          ConditionReason.Ready.name().equals(reason) ? 1 : 0,
                          key.substring(0, slash),
                          key.substring(slash + 1));
                    }))
        .register(registry);
    utilization =
        Gauge.builder()
            .name("serverless_kafka_cluster_utilization")
            .help(
                "Load of each limited resource over the capacity of the ready brokers (1 = saturated), at the last autoscaler round")
            .labelNames("namespace", "cluster", "resource")
            .register(registry);
    utilizationTarget =
        Gauge.builder()
            .name("serverless_kafka_cluster_utilization_target")
            .help(
                "The autoscaler's target utilization and, with the LeadTime policy, its ceiling (kind=max)")
            .labelNames("namespace", "cluster", "kind")
            .register(registry);
    autoscalerRounds =
        Counter.builder()
            .name("serverless_kafka_autoscaler_rounds_total")
            .help(
                "Autoscaler rounds by the reason of their decision, or Skipped when the load could not be read")
            .labelNames("namespace", "cluster", "result")
            .register(registry);
    autoscalerSkipping =
        Gauge.builder()
            .name("serverless_kafka_autoscaler_skipping")
            .help(
                "1 when the autoscaler's last round was skipped (load or pool unreadable), 0 when it decided")
            .labelNames("namespace", "cluster")
            .register(registry);
    rebalancePhase =
        Gauge.builder()
            .name("serverless_kafka_rebalance_phase")
            .help(
                "1 for the phase of the last or running rebalance (Running, Completed, Failed), 0 for the others")
            .labelNames("namespace", "cluster", "phase")
            .register(registry);
    // A running rebalance reports each finished or cancelled move, so this is when it last got
    // anywhere.
    rebalanceProgressTime =
        Gauge.builder()
            .name("serverless_kafka_rebalance_progress_timestamp_seconds")
            .help(
                "When the rebalance last reported progress (started, a move done or cancelled, finished), Unix seconds")
            .labelNames("namespace", "cluster")
            .register(registry);
    // Per-object memory of the operator: each should shrink back when its topics and clusters go
    // (the soak checks).
    io.prometheus.metrics.core.metrics.GaugeWithCallback.builder()
        .name("serverless_kafka_operator_tracked_entries")
        .help("Entries of the operator's per-topic and per-cluster in-memory maps, by map")
        .labelNames("map")
        .callback(cb -> tracked.forEach((map, size) -> cb.call(size.getAsInt(), map)))
        .register(registry);
    track("topic_states", topicStates::size);
  }

  /**
   * Exports the size of an in-memory map as serverless_kafka_operator_tracked_entries{map="..."}.
   */
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

  public void rebalanceProgress(
      HasMetadata cluster, io.serverlesskafka.api.v1alpha1.RebalanceStatus status) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    int total = status.getMovesTotal() == null ? 0 : status.getMovesTotal();
    int done = status.getMovesDone() == null ? 0 : status.getMovesDone();
    int cancelled = status.getMovesCancelled() == null ? 0 : status.getMovesCancelled();
    rebalanceMoves.labelValues(ns, name, "total").set(total);
    rebalanceMoves.labelValues(ns, name, "done").set(done);
    rebalanceMoves.labelValues(ns, name, "cancelled").set(cancelled);
    rebalanceMoves
        .labelValues(ns, name, "running")
        .set("Running".equals(status.getPhase()) ? total - done - cancelled : 0);
    if ("Completed".equals(status.getPhase()) && status.getBytesDone() != null) {
      bytesMoved.labelValues(ns, name).inc(status.getBytesDone());
    } else {
      bytesMoved.labelValues(ns, name).inc(0); // visible at 0 from the first rebalance on
    }
    if (status.getPhase() != null) {
      for (String phase : REBALANCE_PHASES) {
        rebalancePhase.labelValues(ns, name, phase).set(phase.equals(status.getPhase()) ? 1 : 0);
      }
    }
    rebalanceProgressTime.labelValues(ns, name).set(System.currentTimeMillis() / 1000.0);
  }

  /** The cluster's broker bounds, beside desired and ready in serverless_kafka_cluster_brokers. */
  public void clusterBounds(HasMetadata cluster, int min, int max) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    brokers.labelValues(ns, name, "min").set(min);
    brokers.labelValues(ns, name, "max").set(max);
  }

  /**
   * One autoscaler round: the utilization of each limited resource it saw (label: the resource's
   * name), its target and (LeadTime) ceiling, and the reason of its decision.
   */
  public void autoscalerRound(
      HasMetadata cluster,
      Map<String, Double> utilizations,
      double target,
      Double ceiling,
      String reason) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    utilizations.forEach(
        (resource, value) -> utilization.labelValues(ns, name, resource).set(value));
    utilizationTarget.labelValues(ns, name, "target").set(target);
    if (ceiling != null) {
      utilizationTarget.labelValues(ns, name, "max").set(ceiling);
    } else {
      utilizationTarget.remove(ns, name, "max");
    }
    autoscalerRounds.labelValues(ns, name, reason).inc();
    autoscalerSkipping.labelValues(ns, name).set(0);
  }

  /** A round that decided nothing because the load or the pool could not be read. */
  public void autoscalerSkipped(HasMetadata cluster) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    autoscalerRounds.labelValues(ns, name, "Skipped").inc();
    autoscalerSkipping.labelValues(ns, name).set(1);
  }

  /**
   * Autoscaling is off for the cluster: its utilization and skipping series go (its round counts
   * stay).
   */
  public void autoscalerOff(HasMetadata cluster) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    removeAll(utilization, ns, name);
    removeAll(utilizationTarget, ns, name);
    autoscalerSkipping.remove(ns, name);
  }

  public void scalingDecision(HasMetadata cluster, String action, boolean realized) {
    scalingDecisions
        .labelValues(
            cluster.getMetadata().getNamespace(),
            cluster.getMetadata().getName(),
            action,
            String.valueOf(realized))
        .inc();
  }

  public void clusterReconciled(HasMetadata cluster) {
    clusterReconciliations
        .labelValues(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName())
        .inc();
  }

  public void clusterDeleted(HasMetadata cluster) {
    clusterReconciliations.remove(
        cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
    brokers.remove(
        cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), "desired");
    brokers.remove(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), "ready");
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    brokers.remove(ns, name, "min");
    brokers.remove(ns, name, "max");
    autoscalerOff(cluster);
    for (String phase : REBALANCE_PHASES) {
      rebalancePhase.remove(ns, name, phase);
    }
    rebalanceProgressTime.remove(ns, name);
    removeAll(rebalanceMoves, ns, name);
    bytesMoved.remove(ns, name);
    removeAll(autoscalerRounds, ns, name);
  }

  /**
   * Removes every series of the cluster from a metric whose first two labels are namespace and
   * cluster.
   */
  private static void removeAll(
      io.prometheus.metrics.core.metrics.StatefulMetric<?, ?> metric, String ns, String name) {
    metric.removeIf(values -> ns.equals(values.get(0)) && name.equals(values.get(1)));
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
