package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.KafkaClusterModel;
import io.serverlesskafka.operator.model.KafkaMetricsModel;
import io.serverlesskafka.operator.model.ListenerSecurity;
import io.serverlesskafka.operator.model.StrimziNames;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Apply;
import io.serverlesskafka.operator.reconcile.ClusterDecision.ApplyIfUnchanged;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Delete;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Note;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Phase;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Write;
import io.serverlesskafka.operator.scaling.ConfigMapAutoscalerStateStore;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.status.Conditions;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatus;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The pure half of a cluster's reconcile: {@link ClusterObservation} in, {@link ClusterDecision}
 * out. The cluster's safety rules live here, so that each is a unit test: a cluster that serves
 * topics (retained ones included) is not deleted and stays managed until the last one is gone; a
 * bad spec changes nothing that runs; a broker pool scaled meanwhile is not written back; an
 * OnDemand cluster hibernates only when nothing needs its brokers; and Events say each change once,
 * not once per look.
 */
public final class ClusterDecider {
  static final Duration RESYNC = Duration.ofMinutes(5);
  static final Duration RETRY_SOON = Duration.ofSeconds(30);

  /**
   * The autoscaler and the imbalance watch sample throughput: come back soon while either is on.
   */
  static final Duration MEASURE_INTERVAL = Duration.ofSeconds(15);

  private final Clock clock;
  private final HibernationDecider hibernation;

  public ClusterDecider(Clock clock) {
    this.clock = clock;
    this.hibernation = new HibernationDecider(clock);
  }

  public ClusterDecision decide(ClusterObservation o) {
    ServerlessKafka cluster = o.cluster();
    ClusterUsage usage = o.usage();
    if (o.deleting() && !usage.inUse()) {
      return removal(cluster);
    }
    ClusterDraft d =
        new ClusterDraft(cluster, o.deleting() ? refusal(cluster, usage) : null, clock);
    d.status.setObservedGeneration(cluster.getMetadata().getGeneration());
    d.status.setTopics(usage.topics().size());
    d.status.setRetainedTopics(usage.retained().size());
    // always a list, possibly empty: the status is merge-patched, and an absent field would keep
    // the old list
    d.status.setServedTopics(usage.listed());

    KafkaClusterModel model;
    try {
      model = new KafkaClusterModel(cluster);
    } catch (IllegalArgumentException e) {
      return d.notReady(Phase.INVALID_SPEC, ConditionReason.InvalidSpec, e.getMessage(), true);
    }
    Optional<String> problem = model.settings().problem();
    if (problem.isPresent()) {
      // Keep the cluster as it was last applied: a bad edit must not resize or restart anything.
      return d.notReady(Phase.INVALID_SPEC, ConditionReason.InvalidSpec, problem.get(), true);
    }
    if (hibernation.hibernates(o, model.settings(), d)) {
      d.ready(
          true,
          ConditionReason.Hibernating,
          "hibernating: no topics, no brokers (provisioning OnDemand); the first ServerlessTopic"
              + " wakes the cluster up");
      return d.decision(Phase.HIBERNATING, ConditionReason.Hibernating, RESYNC);
    }
    return running(o, model, d);
  }

  /** Applies the Strimzi objects and reads what Strimzi reports of them into the status. */
  private ClusterDecision running(ClusterObservation o, KafkaClusterModel model, ClusterDraft d) {
    ServerlessKafka cluster = o.cluster();
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    ClusterSettings settings = model.settings();
    boolean created = o.kafka() == null;
    // The informer may still hold the Kafka that hibernation just deleted: a cluster whose status
    // says it hibernates is waking up all the same.
    if (created || readyReason(cluster) == ConditionReason.Hibernating) {
      hibernation.wakeUpStarting(settings, d);
    }
    if (model.exportsMetrics()) {
      d.writes.add(new Apply(model.metricsConfigMap()));
    } else {
      d.writes.add(new Delete(ConfigMap.class, ns, KafkaMetricsModel.configMapName(name)));
    }
    d.writes.add(new Apply(model.kafka(o.kafka())));
    d.writes.add(new Apply(model.controllerPool()));
    KafkaNodePool live = o.liveBrokerPool();
    KafkaNodePool brokers;
    if (live == null) {
      brokers = model.brokerPool(null);
      d.writes.add(new Apply(brokers));
    } else {
      // The pool's size is owned by whoever scaled it last (the autoscaler, or a person): keep the
      // size just read, and write only if nobody changed the pool since.
      brokers = model.brokerPool(live.getSpec() == null ? null : live.getSpec().getReplicas());
      d.writes.add(new ApplyIfUnchanged(brokers, live.getMetadata().getResourceVersion()));
    }
    d.writes.add(new Apply(model.adminUser()));
    int desiredBrokers = brokers.getSpec().getReplicas();
    if (created) {
      d.events.add(
          new Note(
              false,
              EventReason.Created,
              "Strimzi Kafka "
                  + ns
                  + "/"
                  + name
                  + " created with "
                  + desiredBrokers
                  + " brokers and "
                  + settings.controllers()
                  + " controllers"));
    }

    ServerlessKafkaStatus status = d.status;
    status.setDesiredBrokers(desiredBrokers);
    KafkaNodePool pool = o.brokerPool();
    status.setReadyBrokers(
        pool == null || pool.getStatus() == null ? 0 : pool.getStatus().getReplicas());
    Kafka kafka = o.kafka();
    if (kafka != null && kafka.getStatus() != null) {
      String address = bootstrap(kafka.getStatus().getListeners());
      // The address and what it speaks change together, and only once Strimzi reports the Kafka as
      // specified: while a listener change rolls out, the old address is still listed while the
      // spec has the new protocol, and a topic Secret written from that pair would point
      // plain-text clients at a TLS port.
      if (address != null
          && Objects.equals(
              kafka.getStatus().getObservedGeneration(), kafka.getMetadata().getGeneration())) {
        ListenerSecurity security = ListenerSecurity.of(kafka);
        status.setBootstrapServers(address);
        status.setSecurityProtocol(security == null ? null : security.securityProtocol());
      }
      status.setKafkaVersion(kafka.getStatus().getKafkaVersion());
    }

    StrimziReadiness kafkaReady = readiness(kafka);
    StrimziReadiness adminReady = readiness(o.adminUser());
    if (kafkaReady.failed()) {
      return d.notReady(
          Phase.RUNNING,
          ConditionReason.StrimziRejected,
          "Strimzi reports the Kafka cluster not ready: " + kafkaReady.describe(),
          true);
    }
    if (adminReady.failed()) {
      return d.notReady(
          Phase.RUNNING,
          ConditionReason.StrimziRejected,
          "Strimzi reports the admin KafkaUser not ready: " + adminReady.describe(),
          true);
    }
    if (!kafkaReady.ready() || !adminReady.ready() || status.getBootstrapServers() == null) {
      return d.notReady(
          Phase.RUNNING,
          ConditionReason.Provisioning,
          "waiting for Strimzi: Kafka "
              + (kafkaReady.ready() ? "ready" : "not ready yet")
              + ", admin user "
              + (adminReady.ready() ? "ready" : "not ready yet"),
          false);
    }
    String message = status.getReadyBrokers() + " brokers ready at " + status.getBootstrapServers();
    d.ready(true, ConditionReason.Ready, message);
    hibernation.awake(d);
    if (d.refusal == null
        && !Conditions.isTrue(
            cluster.getStatus() == null ? null : cluster.getStatus().getConditions(),
            Conditions.READY)) {
      d.events.add(new Note(false, EventReason.Ready, message));
    }
    return d.decision(
        Phase.READY,
        ConditionReason.Ready,
        AutoscalingStep.enabled(settings) || settings.rebalancingEnabled()
            ? MEASURE_INTERVAL
            : RESYNC);
  }

  /** Nothing uses the cluster any more: its objects go, then the finalizer. */
  private static ClusterDecision removal(ServerlessKafka cluster) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    List<Write> writes =
        List.of(
            new Delete(KafkaUser.class, ns, StrimziNames.adminUser(name)),
            new Delete(KafkaNodePool.class, ns, StrimziNames.brokerPool(name)),
            new Delete(KafkaNodePool.class, ns, StrimziNames.controllerPool(name)),
            new Delete(Kafka.class, ns, name),
            // no owner reference (ClusterOwnedMetadata), so the garbage collector does not remove
            // these either
            new Delete(ConfigMap.class, ns, KafkaMetricsModel.configMapName(name)),
            new Delete(ConfigMap.class, ns, ConfigMapAutoscalerStateStore.configMapName(name)));
    return new ClusterDecision(
        Phase.REMOVED, null, Set.of(), writes, List.of(), null, null, Duration.ZERO);
  }

  /**
   * The admission policy refuses deleting a cluster that serves topics; this is the second line (a
   * topic created just before the delete, or a cluster without the policy).
   */
  static String refusal(ServerlessKafka cluster, ClusterUsage usage) {
    return "deletion refused: "
        + usage.describe()
        + " still use this cluster; delete them first"
        + (usage.retained().isEmpty()
            ? ""
            : " (a retained topic: its KafkaTopic in " + cluster.getMetadata().getNamespace() + ")")
        + "; the cluster stays as it is, and managed, until then";
  }

  static String bootstrap(List<ListenerStatus> listeners) {
    if (listeners == null || listeners.isEmpty()) {
      return null;
    }
    return listeners.stream()
        .filter(l -> StrimziNames.CLIENT_LISTENER.equals(l.getName()))
        .findFirst()
        .orElse(listeners.get(0))
        .getBootstrapServers();
  }

  private static StrimziReadiness readiness(Kafka kafka) {
    return kafka == null || kafka.getStatus() == null
        ? StrimziReadiness.of(null, null, null)
        : StrimziReadiness.of(
            kafka.getStatus().getConditions(),
            kafka.getStatus().getObservedGeneration(),
            kafka.getMetadata().getGeneration());
  }

  private static StrimziReadiness readiness(KafkaUser user) {
    return user == null || user.getStatus() == null
        ? StrimziReadiness.of(null, null, null)
        : StrimziReadiness.of(
            user.getStatus().getConditions(),
            user.getStatus().getObservedGeneration(),
            user.getMetadata().getGeneration());
  }

  private static ConditionReason readyReason(ServerlessKafka cluster) {
    Condition c = ClusterDraft.readyCondition(cluster);
    return c == null || c.getReason() == null
        ? null
        : java.util.Arrays.stream(ConditionReason.values())
            .filter(r -> r.name().equals(c.getReason()))
            .findFirst()
            .orElse(null);
  }
}
