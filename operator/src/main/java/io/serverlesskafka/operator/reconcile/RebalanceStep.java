package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.RebalanceStatus;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.autoscaler.rebalance.BrokerLimits;
import io.serverlesskafka.autoscaler.rebalance.PlannerSettings;
import io.serverlesskafka.autoscaler.rebalance.ResourceImbalance;
import io.serverlesskafka.autoscaler.rebalance.SustainedImbalance;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.events.EventRecorder;
import io.serverlesskafka.operator.kafka.ClusterAdmin;
import io.serverlesskafka.operator.kafka.ClusterAdmins;
import io.serverlesskafka.operator.kafka.KafkaUnavailableException;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.StrimziNames;
import io.serverlesskafka.operator.rebalance.ClusterModelReader;
import io.serverlesskafka.operator.rebalance.ClusterRebalancer;
import io.serverlesskafka.operator.rebalance.ClusterSample;
import io.serverlesskafka.operator.rebalance.ExecutorSettings;
import io.serverlesskafka.operator.scaling.ScaleDownRecovery;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalancing step of a ServerlessKafka reconcile, which decides why partitions should move and
 * hands the work to the {@link ClusterRebalancer}: once on request through the annotation {@code
 * serverlesskafka.io/rebalance: "true"} (removed when the plan starts); again when a Running status
 * was left by an operator that restarted mid-plan; and, when {@code spec.rebalancing.enabled}, to
 * fill brokers that hold no replica (new brokers after a scale-up) and when some resource has
 * stayed above {@code maxImbalance} for {@code imbalanceWindow} (measured at every reconcile from
 * two Admin API samples). Progress goes to {@code status.rebalance}; the end is an Event.
 */
public final class RebalanceStep {
  public static final String ANNOTATION = ApiGroup.GROUP + "/rebalance";
  private static final Logger LOG = LoggerFactory.getLogger(RebalanceStep.class);
  private final KubernetesClient client;
  private final ClusterAdmins admins;
  private final ClusterRebalancer rebalancer;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final io.serverlesskafka.operator.metrics.OperatorMetrics metrics;
  private final Clock clock;
  private final Map<String, ImbalanceWatch> watches = new ConcurrentHashMap<>();

  /** The last sample of a cluster (rates come from two) and how long it has been imbalanced. */
  private static final class ImbalanceWatch {
    final Duration window;
    final SustainedImbalance sustained;
    ClusterSample last;

    ImbalanceWatch(Duration window) {
      this.window = window;
      this.sustained = new SustainedImbalance(window);
    }
  }

  public RebalanceStep(
      KubernetesClient client,
      ClusterAdmins admins,
      ClusterRebalancer rebalancer,
      StatusWriter statusWriter,
      EventRecorder events,
      io.serverlesskafka.operator.metrics.OperatorMetrics metrics,
      Clock clock) {
    this.metrics = metrics;
    this.client = client;
    this.admins = admins;
    this.rebalancer = rebalancer;
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Forgets a deleted cluster: its imbalance watch, the rebalancer's memory of it and its Admin
   * client.
   */
  public void forget(ServerlessKafka cluster) {
    String key = ClusterResolver.key(cluster);
    watches.remove(key);
    rebalancer.forget(key);
    admins.forget(key); // the usage meter would close it too, but it may be off
  }

  public int trackedEntries() {
    return watches.size();
  }

  public void run(ServerlessKafka cluster, ClusterSettings settings) {
    String key = ClusterResolver.key(cluster);
    boolean requested =
        cluster.getMetadata().getAnnotations() != null
            && "true".equals(cluster.getMetadata().getAnnotations().get(ANNOTATION));
    RebalanceStatus last = cluster.getStatus() == null ? null : cluster.getStatus().getRebalance();
    boolean interrupted =
        last != null && "Running".equals(last.getPhase()) && rebalancer.isNew(key);
    if (rebalancer.isRunning(key)) {
      watches.remove(key); // the layout is changing: imbalance is measured afresh afterwards
      return;
    }
    String trigger =
        requested
            ? ClusterRebalancer.REASON_REQUESTED
            // an interrupted drain is not re-planned as a rebalance, which would refill the brokers
            // being emptied
            : interrupted
                ? (ClusterRebalancer.REASON_DRAIN.equals(last.getReason())
                    ? ClusterRebalancer.REASON_RESUMED_DRAIN
                    : ClusterRebalancer.REASON_RESUMED)
                : null;
    if (trigger == null && !settings.rebalancingEnabled()) {
      watches.remove(key);
      return;
    }
    // Brokers a scale-down asked for and Strimzi has not removed yet: the rebalancer must not fill
    // them.
    Set<Integer> leaving =
        ScaleDownRecovery.Pool.of(
                client
                    .resources(KafkaNodePool.class)
                    .inNamespace(cluster.getMetadata().getNamespace())
                    .withName(StrimziNames.brokerPool(cluster.getMetadata().getName()))
                    .get())
            .map(ScaleDownRecovery.Pool::leaving)
            .orElse(Set.of());
    boolean started =
        admins
            .call(
                cluster,
                admin -> {
                  String why =
                      trigger != null
                          ? trigger
                          : sustainedImbalance(cluster, key, settings, admin.admin())
                              ? ClusterRebalancer.REASON_SUSTAINED
                              : null;
                  ClusterAdmin leased = admin.lease();
                  boolean accepted =
                      rebalancer.consider(
                          ClusterRebalancer.Job.balance(
                                  key,
                                  admin.admin(),
                                  settings.maxImbalance(),
                                  ExecutorSettings.of(settings.throttleMiBps()),
                                  why,
                                  status -> {
                                    statusWriter.write(cluster, Map.of("rebalance", status));
                                    metrics.rebalanceProgress(cluster, status);
                                  },
                                  message ->
                                      events.normal(
                                          cluster, EventReason.RebalanceFinished, message))
                              .withLeaving(leaving)
                              .whenDone(leased::release));
                  if (!accepted) {
                    leased.release();
                  }
                  return accepted;
                })
            .orElse(false);
    if (started && requested) {
      // One request, one rebalance: take the annotation away so the next reconcile does not start
      // another.
      client
          .resources(ServerlessKafka.class)
          .inNamespace(cluster.getMetadata().getNamespace())
          .withName(cluster.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":null}}}");
      events.normal(
          cluster,
          EventReason.RebalanceStarted,
          "rebalance requested through the " + ANNOTATION + " annotation");
    } else if (started && interrupted) {
      events.normal(
          cluster,
          EventReason.RebalanceStarted,
          "resuming: an operator restart interrupted the " + last.getReason() + " plan");
    }
  }

  /**
   * One more observation of the cluster's balance; true when it has been off for the whole window.
   */
  private boolean sustainedImbalance(
      ServerlessKafka cluster, String key, ClusterSettings settings, Admin admin) {
    ImbalanceWatch watch =
        watches.compute(
            key,
            (k, w) ->
                w != null && w.window.equals(settings.imbalanceWindow())
                    ? w
                    : new ImbalanceWatch(settings.imbalanceWindow()));
    ClusterSample now;
    try {
      now = new ClusterModelReader(admin, clock).sample(BrokerLimits.UNLIMITED);
    } catch (KafkaUnavailableException e) {
      LOG.debug("{}: balance not measured this round: {}", key, e.getMessage());
      return false;
    }
    ClusterSample before = watch.last;
    watch.last = now;
    if (before == null) {
      return false; // rates need two samples
    }
    List<ResourceImbalance> above =
        SustainedImbalance.aboveLimit(
            ClusterModelReader.model(now, before),
            PlannerSettings.defaults().withMaxImbalance(settings.maxImbalance()));
    if (!watch.sustained.observe(above, now.time())) {
      return false;
    }
    LOG.info(
        "{}: imbalanced since {} ({}): rebalancing",
        key,
        watch.sustained.since().orElse(null),
        watch.sustained.describe());
    events.normal(
        cluster,
        EventReason.RebalanceStarted,
        "imbalance lasted "
            + settings.imbalanceWindow().toSeconds()
            + " s ("
            + watch.sustained.describe()
            + "): rebalancing");
    watch.sustained.reset();
    return true;
  }
}
