package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.serverlesskafka.api.v1alpha1.AutoscalingMode;
import io.serverlesskafka.api.v1alpha1.AutoscalingStatus;
import io.serverlesskafka.api.v1alpha1.MetricsSourceType;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.autoscaler.scaling.Autoscaler;
import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.ClusterMetrics;
import io.serverlesskafka.autoscaler.scaling.DecisionReason;
import io.serverlesskafka.autoscaler.scaling.MetricsSource;
import io.serverlesskafka.autoscaler.scaling.MetricsUnavailableException;
import io.serverlesskafka.autoscaler.scaling.ScaleAction;
import io.serverlesskafka.autoscaler.scaling.ScaleDecision;
import io.serverlesskafka.autoscaler.scaling.ScalingRecord;
import io.serverlesskafka.autoscaler.scaling.SizingPolicy;
import io.serverlesskafka.autoscaler.scaling.UtilizationCalculator;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.events.EventRecorder;
import io.serverlesskafka.operator.kafka.ClusterAdmin;
import io.serverlesskafka.operator.kafka.ClusterAdmins;
import io.serverlesskafka.operator.kafka.KafkaUnavailableException;
import io.serverlesskafka.operator.metrics.OperatorMetrics;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.MetricsSourceSettings;
import io.serverlesskafka.operator.model.StrimziNames;
import io.serverlesskafka.operator.rebalance.ClusterRebalancer;
import io.serverlesskafka.operator.rebalance.ExecutorSettings;
import io.serverlesskafka.operator.scaling.AdminMetricsSource;
import io.serverlesskafka.operator.scaling.ConfigMapAutoscalerStateStore;
import io.serverlesskafka.operator.scaling.NodePoolRealizer;
import io.serverlesskafka.operator.scaling.PartitionMoves;
import io.serverlesskafka.operator.scaling.PrometheusClient;
import io.serverlesskafka.operator.scaling.PrometheusMetricsSource;
import io.serverlesskafka.operator.scaling.ScaleDownRecovery;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaling step of a ServerlessKafka reconcile: evaluates the pure {@link Autoscaler} with
 * the metrics source the spec names (Admin API or Prometheus), the ConfigMap state store and the
 * node pool realizer (scale-downs drain first, through the rebalancer). Decisions go to {@code
 * status.autoscaling} and Events; a round skipped because the load could not be read is a Warning
 * Event. One autoscaler per cluster, rebuilt when the settings change.
 */
public final class AutoscalingStep {
  private static final Logger LOG = LoggerFactory.getLogger(AutoscalingStep.class);
  // Well inside the 15 s between evaluations, so a hanging Prometheus delays no more than one
  // round.
  private static final Duration PROMETHEUS_TIMEOUT = Duration.ofSeconds(10);
  private final KubernetesClient client;
  private final ResourceApplier applier;
  private final ClusterAdmins admins;
  private final ClusterRebalancer rebalancer;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final Clock clock;
  private final OperatorMetrics metrics;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Instance> autoscalers = new ConcurrentHashMap<>();
  private final Map<String, ScaleDownRecovery> recoveries = new ConcurrentHashMap<>();

  /**
   * Brokers a scale-down of ours is draining now, per cluster (the pool is lowered when they are
   * empty).
   */
  private final Map<String, Set<Integer>> draining = new ConcurrentHashMap<>();

  /**
   * The {@code status.autoscaling.waitingFor} last written per cluster: written again only when it
   * changes.
   */
  private final Map<String, String> waitingWritten = new ConcurrentHashMap<>();

  /** The reason of Strimzi's Warning condition on a Kafka whose broker removal it refused. */
  static final String SCALE_DOWN_PREVENTION = "ScaleDownPreventionCheck";

  /**
   * Rebuilt when the settings change, or when the Admin client does (a new bootstrap after
   * scaling). {@code seen} holds the sample of the last round, whose utilization is exported.
   */
  private record Instance(
      AutoscalerSettings settings,
      MetricsSourceSettings source,
      Admin admin,
      Autoscaler autoscaler,
      java.util.concurrent.atomic.AtomicReference<ClusterMetrics> seen) {}

  public AutoscalingStep(
      KubernetesClient client,
      ResourceApplier applier,
      ClusterAdmins admins,
      ClusterRebalancer rebalancer,
      StatusWriter statusWriter,
      EventRecorder events,
      Clock clock,
      OperatorMetrics metrics) {
    this.client = client;
    this.applier = applier;
    this.admins = admins;
    this.rebalancer = rebalancer;
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
    this.metrics = metrics;
  }

  public static boolean enabled(ClusterSettings settings) {
    return settings.autoscalingMode() != AutoscalingMode.Disabled;
  }

  /**
   * Forgets a deleted cluster's autoscaler (its state ConfigMap is deleted by the cluster's
   * cleanup).
   */
  public void forget(ServerlessKafka cluster) {
    autoscalers.remove(ClusterResolver.key(cluster));
    waitingWritten.remove(ClusterResolver.key(cluster));
  }

  public int trackedEntries() {
    return autoscalers.size();
  }

  public void run(ServerlessKafka cluster, ClusterSettings settings) {
    String key = ClusterResolver.key(cluster);
    metrics.clusterBounds(cluster, settings.minBrokers(), settings.maxBrokers());
    if (!enabled(settings)) {
      autoscalers.remove(key);
      recoveries.remove(key);
      waitingWritten.remove(key);
      stateStore(cluster).remove(key);
      metrics.autoscalerOff(cluster);
      return;
    }
    AutoscalerSettings wanted = settings.autoscalerSettings();
    // Empty when the round decided nothing: the load or the pool could not be read, or Kafka is in
    // its back-off.
    Optional<ScaleDecision> round =
        admins.call(
            cluster,
            admin -> {
              Instance instance =
                  autoscalers.compute(
                      key,
                      (k, existing) ->
                          existing != null
                                  && existing.settings().equals(wanted)
                                  && existing.source().equals(settings.metricsSource())
                                  && existing.admin() == admin.admin()
                              ? existing
                              : create(cluster, settings, wanted, admin));
              try {
                Optional<String> pendingRemoval = Optional.empty();
                if (settings.autoscalingMode()
                    == AutoscalingMode.Auto) { // only what the autoscaler asked for is its to undo
                  pendingRemoval = recoverRefusedScaleDown(cluster, settings, admin);
                }
                ScaleDecision decision = instance.autoscaler().evaluate();
                if (!decision.changesBrokers()) { // a change was reported with its wait (report)
                  writeWaitingFor(cluster, waitingFor(key, pendingRemoval, decision));
                }
                exportRound(cluster, instance, decision);
                return decision;
              } catch (MetricsUnavailableException | KafkaUnavailableException e) {
                // The load could not be read (Prometheus or the Admin API failed): nothing was
                // decided or stored. Anything
                // else is a bug: it fails the reconcile with its stack trace instead of passing for
                // a metrics outage.
                LOG.warn("{}: autoscaler skipped this round: {}", key, e.getMessage());
                events.warning(
                    cluster,
                    EventReason.AutoscalingSkipped,
                    "autoscaler skipped this round: " + e.getMessage());
                return null;
              } catch (KubernetesClientException e) {
                // The pool or the state ConfigMap could not be read or written; caught so the Admin
                // API is not blamed.
                LOG.warn(
                    "{}: autoscaler round failed on the Kubernetes API: {}", key, e.getMessage());
                return null;
              }
            });
    if (round.isEmpty()) {
      metrics.autoscalerSkipped(cluster);
    }
  }

  /**
   * The utilization the round saw (per limited resource, over the ready brokers), the target and
   * the decision's reason.
   */
  private void exportRound(ServerlessKafka cluster, Instance instance, ScaleDecision decision) {
    ClusterMetrics seen = instance.seen().get();
    Map<String, Double> utilizations = new java.util.TreeMap<>();
    if (seen != null && seen.readyBrokers() > 0) {
      new UtilizationCalculator(instance.settings().capacity())
          .utilizations(seen.totalLoad(), seen.readyBrokers())
          .forEach(u -> utilizations.put(u.resource().label(), u.value()));
    }
    AutoscalerSettings s = instance.settings();
    metrics.autoscalerRound(
        cluster,
        utilizations,
        s.targetUtilization(),
        s.policy() == SizingPolicy.LEAD_TIME ? s.ceiling() : null,
        decision.reason().name());
  }

  private ConfigMapAutoscalerStateStore stateStore(ServerlessKafka cluster) {
    return new ConfigMapAutoscalerStateStore(client, applier, cluster, clock);
  }

  private Instance create(
      ServerlessKafka cluster,
      ClusterSettings settings,
      AutoscalerSettings wanted,
      ClusterAdmin clusterAdmin) {
    String key = ClusterResolver.key(cluster);
    String ns = cluster.getMetadata().getNamespace();
    String pool = StrimziNames.brokerPool(cluster.getMetadata().getName());
    Admin admin = clusterAdmin.admin();
    NodePoolRealizer realizer =
        new NodePoolRealizer(
            client,
            ns,
            pool,
            (brokers, afterDrain) -> drain(cluster, settings, clusterAdmin, brokers, afterDrain));
    java.util.concurrent.atomic.AtomicReference<ClusterMetrics> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    MetricsSource source = metricsSource(cluster, settings.metricsSource(), admin);
    MetricsSource remembered =
        () -> {
          ClusterMetrics sample = source.collect();
          seen.set(sample);
          return sample;
        };
    Autoscaler autoscaler =
        new Autoscaler(
            key,
            wanted,
            clock,
            remembered,
            stateStore(cluster),
            realizer,
            (c, d) -> report(cluster, d));
    return new Instance(wanted, settings.metricsSource(), admin, autoscaler, seen);
  }

  private void drain(
      ServerlessKafka cluster,
      ClusterSettings settings,
      ClusterAdmin clusterAdmin,
      Set<Integer> brokers,
      Runnable afterDrain) {
    String key = ClusterResolver.key(cluster);
    ClusterAdmin leased =
        clusterAdmin.lease(); // the drain outlives this round; the client must too
    Set<Integer> leaving = Set.copyOf(brokers);
    draining.put(key, leaving);
    boolean accepted =
        rebalancer.consider(
            ClusterRebalancer.Job.drain(
                    ClusterResolver.key(cluster),
                    clusterAdmin.admin(),
                    settings.maxImbalance(),
                    ExecutorSettings.of(settings.throttleMiBps()),
                    brokers,
                    status -> {
                      statusWriter.write(cluster, Map.of("rebalance", status));
                      metrics.rebalanceProgress(cluster, status);
                    },
                    message -> events.normal(cluster, EventReason.RebalanceFinished, message),
                    afterDrain)
                .whenDone(
                    () -> {
                      leased.release();
                      draining.remove(key, leaving);
                    }));
    if (!accepted) {
      leased.release();
      draining.remove(key, leaving);
    }
  }

  /**
   * A scale-down Strimzi refused must not stay pending for good: the brokers are drained again, and
   * when that does not help, the pool goes back to the brokers that run (the autoscaler counts it
   * as a scale-up, so that it waits a whole scale-down window before trying again). Either is a
   * Warning Event and the autoscaling status.
   */
  private Optional<String> recoverRefusedScaleDown(
      ServerlessKafka cluster, ClusterSettings settings, ClusterAdmin admin) {
    String key = ClusterResolver.key(cluster);
    String ns = cluster.getMetadata().getNamespace();
    String poolName = StrimziNames.brokerPool(cluster.getMetadata().getName());
    Optional<ScaleDownRecovery.Pool> pool =
        ScaleDownRecovery.Pool.of(
            client.resources(KafkaNodePool.class).inNamespace(ns).withName(poolName).get());
    if (pool.isEmpty()) {
      return Optional.empty();
    }
    int requested = pool.get().requested();
    Kafka kafka =
        client
            .resources(Kafka.class)
            .inNamespace(ns)
            .withName(cluster.getMetadata().getName())
            .get();
    ScaleDownRecovery.Action action =
        recoveries
            .computeIfAbsent(key, k -> new ScaleDownRecovery())
            .check(pool.get(), refusal(kafka), rebalancer.isRunning(key), clock.instant());
    int running = pool.get().nodeIds().size();
    if (action instanceof ScaleDownRecovery.Action.Drain drain) {
      String message =
          drain.why()
              + "; draining them again (attempt "
              + drain.attempt()
              + " of "
              + ScaleDownRecovery.MAX_DRAINS
              + ")";
      LOG.warn("{}: {}", key, message);
      events.warning(cluster, EventReason.ScaleDownRefused, message);
      reportRecovery(
          cluster, "ScaleDown", DecisionReason.SCALE_DOWN_REFUSED, running, requested, message);
      drain(
          cluster,
          settings,
          admin,
          drain.brokers(),
          () -> {}); // the pool is already lowered: Strimzi tries again
      return Optional.of(
          "scale-down refused by Strimzi; draining brokers "
              + drain.brokers()
              + " again (attempt "
              + drain.attempt()
              + " of "
              + ScaleDownRecovery.MAX_DRAINS
              + ")");
    } else if (action instanceof ScaleDownRecovery.Action.Abandon abandon) {
      String message =
          abandon.why()
              + "; still refused after "
              + ScaleDownRecovery.MAX_DRAINS
              + " drains: the scale-down is given up, the pool is set back to "
              + abandon.restoreTo()
              + " brokers";
      // Only if nothing else changed the pool since it was read (a scale-up decided meanwhile
      // wins).
      if (!NodePoolRealizer.replaceReplicas(client, ns, poolName, requested, abandon.restoreTo())) {
        return Optional.empty();
      }
      LOG.warn("{}: {}", key, message);
      ConfigMapAutoscalerStateStore store = stateStore(cluster);
      store
          .load(key)
          .ifPresent(
              state -> {
                state.recordScaling(
                    new ScalingRecord(clock.instant(), requested, abandon.restoreTo()));
                store.store(key, state);
              });
      events.warning(cluster, EventReason.ScaleDownAbandoned, message);
      reportRecovery(
          cluster,
          "ScaleUp",
          DecisionReason.SCALE_DOWN_ABANDONED,
          requested,
          abandon.restoreTo(),
          message);
    } else if (action instanceof ScaleDownRecovery.Action.Wait wait) {
      return wait.waitingFor();
    }
    return Optional.empty();
  }

  /**
   * What the autoscaler waits for: a drain of ours that runs, then a removal Strimzi has not
   * carried out, then what the policy's decision says.
   */
  private String waitingFor(String key, Optional<String> pendingRemoval, ScaleDecision decision) {
    Set<Integer> drained = draining.get(key);
    if (drained != null) {
      return "drain of brokers "
          + new java.util.TreeSet<>(drained)
          + " in progress (they are removed when empty)";
    }
    if (pendingRemoval.isPresent() && !decision.changesBrokers()) {
      return pendingRemoval.get();
    }
    if (decision.changesBrokers() && !decision.realized()) {
      return "nothing: RecommendOnly, " + decision.targetBrokers() + " brokers recommended";
    }
    return decision.waitingFor();
  }

  /** Merge-patches only {@code status.autoscaling.waitingFor}, and only when it changed. */
  private void writeWaitingFor(ServerlessKafka cluster, String waitingFor) {
    String key = ClusterResolver.key(cluster);
    String written =
        waitingWritten.computeIfAbsent(
            key,
            k ->
                cluster.getStatus() == null || cluster.getStatus().getAutoscaling() == null
                    ? ""
                    : String.valueOf(cluster.getStatus().getAutoscaling().getWaitingFor()));
    if (waitingFor == null || waitingFor.equals(written)) {
      return;
    }
    statusWriter.write(cluster, Map.of("autoscaling", Map.of("waitingFor", waitingFor)));
    waitingWritten.put(key, waitingFor);
  }

  /**
   * Strimzi's message when it refused to remove brokers of this cluster: a Warning condition on the
   * Kafka.
   */
  static Optional<String> refusal(Kafka kafka) {
    if (kafka == null || kafka.getStatus() == null || kafka.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return kafka.getStatus().getConditions().stream()
        .filter(c -> "Warning".equals(c.getType()) && SCALE_DOWN_PREVENTION.equals(c.getReason()))
        .map(c -> String.valueOf(c.getMessage()))
        .findFirst();
  }

  private void reportRecovery(
      ServerlessKafka cluster,
      String action,
      DecisionReason reason,
      int from,
      int to,
      String message) {
    AutoscalingStatus status = new AutoscalingStatus();
    status.setLastAction(action);
    status.setReason(reason.name());
    status.setMessage(message);
    status.setFromBrokers(from);
    status.setToBrokers(to);
    status.setRealized(true);
    status.setTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    statusWriter.write(cluster, Map.of("autoscaling", status));
  }

  private MetricsSource metricsSource(
      ServerlessKafka cluster, MetricsSourceSettings source, Admin admin) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    IntSupplier requestedBrokers =
        () -> {
          KafkaNodePool p =
              client
                  .resources(KafkaNodePool.class)
                  .inNamespace(ns)
                  .withName(StrimziNames.brokerPool(name))
                  .get();
          return p == null ? 0 : p.getSpec().getReplicas();
        };
    PartitionMoves moves =
        new PartitionMoves(admin, () -> rebalancer.isMoving(ClusterResolver.key(cluster)));
    if (source.source() == MetricsSourceType.Prometheus) {
      return new PrometheusMetricsSource(
          new PrometheusClient(http, source.prometheusUrl(), PROMETHEUS_TIMEOUT),
          source.prometheusQueries(),
          ns,
          name,
          clock,
          requestedBrokers,
          moves);
    }
    return new AdminMetricsSource(admin, clock, requestedBrokers, moves);
  }

  private void report(ServerlessKafka cluster, ScaleDecision decision) {
    AutoscalingStatus status = new AutoscalingStatus();
    status.setLastAction(
        decision.action() == ScaleAction.SCALE_UP
            ? "ScaleUp"
            : decision.action() == ScaleAction.NONE ? "None" : "ScaleDown");
    status.setReason(decision.reason().name());
    status.setMessage(decision.message());
    status.setFromBrokers(decision.currentBrokers());
    status.setToBrokers(decision.targetBrokers());
    status.setRealized(decision.realized());
    status.setTime(decision.time().truncatedTo(ChronoUnit.SECONDS).toString());
    String key = ClusterResolver.key(cluster);
    status.setWaitingFor(waitingFor(key, Optional.empty(), decision));
    statusWriter.write(cluster, Map.of("autoscaling", status));
    waitingWritten.put(key, status.getWaitingFor());
    metrics.scalingDecision(cluster, status.getLastAction(), decision.realized());
    EventReason reason =
        !decision.realized()
            ? EventReason.ScaleRecommended
            : decision.action() == ScaleAction.SCALE_UP
                ? EventReason.ScaledUp
                : EventReason.ScaledDown;
    events.normal(cluster, reason, decision.message());
  }
}
