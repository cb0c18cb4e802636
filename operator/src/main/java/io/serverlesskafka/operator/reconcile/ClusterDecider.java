package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.serverlesskafka.api.v1alpha1.ProvisioningMode;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.api.v1alpha1.WakeUpStatus;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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

  public ClusterDecider(Clock clock) {
    this.clock = clock;
  }

  public ClusterDecision decide(ClusterObservation o) {
    ServerlessKafka cluster = o.cluster();
    ClusterUsage usage = o.usage();
    if (o.deleting() && !usage.inUse()) {
      return removal(cluster);
    }
    Draft d = new Draft(cluster, o.deleting() ? refusal(cluster, usage) : null);
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
    if (hibernates(o, model.settings(), d)) {
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
  private ClusterDecision running(ClusterObservation o, KafkaClusterModel model, Draft d) {
    ServerlessKafka cluster = o.cluster();
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    ClusterSettings settings = model.settings();
    boolean created = o.kafka() == null;
    // The informer may still hold the Kafka that hibernation just deleted: a cluster whose status
    // says it hibernates is waking up all the same.
    if (created || readyReason(cluster) == ConditionReason.Hibernating) {
      wakeUpStarting(settings, d);
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
    awake(d);
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

  /**
   * {@code spec.provisioning: OnDemand}: a cluster without ServerlessTopics runs no brokers. When
   * the last topic has been gone for {@code idleAfter} and nothing else needs the brokers, the
   * Strimzi Kafka, its pools and the admin user are deleted, with their storage. Returns whether
   * the cluster hibernates; fills in the status either way.
   */
  private boolean hibernates(ClusterObservation o, ClusterSettings settings, Draft d) {
    ServerlessKafkaStatus status = d.status;
    ClusterObservation.Hibernation h = o.hibernation();
    if (settings.provisioning() != ProvisioningMode.OnDemand
        || status.getTopics() > 0
        || h == null) {
      if (status.getIdleSince() != null) {
        status.setIdleSince(null);
        d.cleared.add("idleSince");
      }
      return false;
    }
    boolean running = h.kafkaExists();
    if (running && h.stillNeedsBrokers()) {
      return false;
    }
    Instant now = clock.instant();
    Instant since = status.getIdleSince() == null ? now : Instant.parse(status.getIdleSince());
    status.setIdleSince(since.truncatedTo(ChronoUnit.SECONDS).toString());
    if (running && since.plus(settings.idleAfter()).isAfter(now)) {
      return false; // keep running through the grace period: a topic may come right back
    }
    if (running) {
      String ns = o.cluster().getMetadata().getNamespace();
      String name = o.cluster().getMetadata().getName();
      d.writes.add(new Delete(KafkaUser.class, ns, StrimziNames.adminUser(name)));
      d.writes.add(new Delete(KafkaNodePool.class, ns, StrimziNames.brokerPool(name)));
      d.writes.add(new Delete(KafkaNodePool.class, ns, StrimziNames.controllerPool(name)));
      d.writes.add(new Delete(Kafka.class, ns, name));
      d.events.add(
          new Note(
              false,
              EventReason.Hibernating,
              "no topics since "
                  + status.getIdleSince()
                  + ": hibernating, brokers, controllers and their storage removed (provisioning"
                  + " OnDemand); the next ServerlessTopic wakes the cluster up"));
    }
    status.setDesiredBrokers(0);
    status.setReadyBrokers(0);
    // the bootstrap address of a removed cluster must not reach new topics' Secrets
    status.setBootstrapServers(null);
    status.setSecurityProtocol(null);
    status.setKafkaVersion(null);
    d.cleared.addAll(List.of("bootstrapServers", "kafkaVersion", "securityProtocol"));
    if (status.getLastWakeUp() != null && status.getLastWakeUp().getReadyAt() == null) {
      // a wake-up that never saw Ready before the cluster went back to sleep: the next topic starts
      // a new one
      status.setLastWakeUp(null);
      d.cleared.add("lastWakeUp");
    }
    return true;
  }

  /**
   * The cluster should run and its Strimzi Kafka does not exist: with OnDemand this is a wake-up
   * (or the first topic of a new cluster), whose cold start {@link #awake} measures.
   */
  private void wakeUpStarting(ClusterSettings settings, Draft d) {
    WakeUpStatus last = d.status.getLastWakeUp();
    if (settings.provisioning() != ProvisioningMode.OnDemand
        || (last != null && last.getReadyAt() == null)) {
      return; // not OnDemand, or this wake-up has already started (the informer may not have seen
      // the Kafka yet)
    }
    WakeUpStatus wakeUp = new WakeUpStatus();
    wakeUp.setStartedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    d.status.setLastWakeUp(wakeUp);
    d.events.add(
        new Note(
            false,
            EventReason.WakingUp,
            "waking up for " + d.status.getTopics() + " topic(s): provisioning brokers"));
  }

  /** The cluster is Ready: ends a wake-up in progress with its cold-start time. */
  private void awake(Draft d) {
    WakeUpStatus wakeUp = d.status.getLastWakeUp();
    if (wakeUp == null || wakeUp.getReadyAt() != null || wakeUp.getStartedAt() == null) {
      return;
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    long seconds = Duration.between(Instant.parse(wakeUp.getStartedAt()), now).toSeconds();
    WakeUpStatus done = new WakeUpStatus();
    done.setStartedAt(wakeUp.getStartedAt());
    done.setReadyAt(now.toString());
    done.setColdStartSeconds(seconds);
    d.status.setLastWakeUp(done);
    d.events.add(
        new Note(false, EventReason.WokeUp, "awake after a cold start of " + seconds + " s"));
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

  private static Condition readyCondition(ServerlessKafka cluster) {
    List<Condition> conditions =
        cluster.getStatus() == null ? null : cluster.getStatus().getConditions();
    return conditions == null
        ? null
        : conditions.stream()
            .filter(c -> Conditions.READY.equals(c.getType()))
            .findFirst()
            .orElse(null);
  }

  private static ConditionReason readyReason(ServerlessKafka cluster) {
    Condition c = readyCondition(cluster);
    return c == null || c.getReason() == null
        ? null
        : java.util.Arrays.stream(ConditionReason.values())
            .filter(r -> r.name().equals(c.getReason()))
            .findFirst()
            .orElse(null);
  }

  static ServerlessKafkaStatus copyStatus(ServerlessKafka cluster) {
    ServerlessKafkaStatus old = cluster.getStatus();
    ServerlessKafkaStatus status = new ServerlessKafkaStatus();
    if (old != null) {
      status.setConditions(old.getConditions());
      status.setBootstrapServers(old.getBootstrapServers());
      status.setSecurityProtocol(old.getSecurityProtocol());
      status.setDesiredBrokers(old.getDesiredBrokers());
      status.setReadyBrokers(old.getReadyBrokers());
      status.setTopics(old.getTopics());
      status.setRetainedTopics(old.getRetainedTopics());
      status.setServedTopics(old.getServedTopics());
      status.setKafkaVersion(old.getKafkaVersion());
      status.setIdleSince(old.getIdleSince());
      status.setLastWakeUp(old.getLastWakeUp());
      status.setRestUrl(old.getRestUrl());
    }
    return status;
  }

  /** The decision being built: the status, the writes and the Events of one reconcile. */
  private final class Draft {
    final ServerlessKafka cluster;
    final Condition before;

    /** Why the deletion that was asked for waits; null when none was asked for. */
    final String refusal;

    final ServerlessKafkaStatus status;
    final Set<String> cleared = new LinkedHashSet<>();
    final List<Write> writes = new ArrayList<>();
    final List<Note> events = new ArrayList<>();

    Draft(ServerlessKafka cluster, String refusal) {
      this.cluster = cluster;
      this.before = readyCondition(cluster);
      this.refusal = refusal;
      this.status = copyStatus(cluster);
    }

    /**
     * Not ready: a problem ({@code warn}) is looked at again soon and said once as a Warning Event;
     * a cluster that waits (for Strimzi) is looked at again on a timer or when something it depends
     * on changes.
     */
    ClusterDecision notReady(Phase phase, ConditionReason reason, String message, boolean warn) {
      ready(false, reason, message);
      if (warn && !reported(reason, message)) {
        // the Warning Event of a not-Ready reason has the same name
        events.add(new Note(true, EventReason.valueOf(reason.name()), message));
      }
      return decision(phase, reason, warn || refusal != null ? RETRY_SOON : RESYNC);
    }

    /**
     * Sets the Ready condition; while deletion is refused it says so first (Ready=False,
     * DeletionBlocked) and keeps what else is wrong in the message. The refusal is a Warning Event
     * when it starts or its reason changes, not on every look at a refused cluster.
     */
    void ready(boolean ready, ConditionReason reason, String message) {
      boolean blocked = refusal != null;
      String text =
          !blocked ? message : ready ? refusal : refusal + "; meanwhile " + reason + ": " + message;
      status.setConditions(
          Conditions.merge(
              status.getConditions(),
              Conditions.ready(
                  ready && !blocked,
                  blocked ? ConditionReason.DeletionBlocked : reason,
                  text,
                  cluster.getMetadata().getGeneration(),
                  clock)));
      boolean refusedAlready =
          blocked
              && before != null
              && ConditionReason.DeletionBlocked.name().equals(before.getReason())
              && before.getMessage() != null
              && before.getMessage().startsWith(refusal);
      if (blocked && !refusedAlready) {
        events.add(new Note(true, EventReason.DeletionBlocked, refusal));
      }
    }

    /** Whether the Ready condition already says this problem, alone or behind a refusal. */
    private boolean reported(ConditionReason reason, String message) {
      if (before == null || before.getMessage() == null) {
        return false;
      }
      return (reason.name().equals(before.getReason()) && message.equals(before.getMessage()))
          || (ConditionReason.DeletionBlocked.name().equals(before.getReason())
              && before.getMessage().endsWith("; meanwhile " + reason + ": " + message));
    }

    ClusterDecision decision(Phase phase, ConditionReason reason, Duration requeue) {
      // A field both set and cleared is set: only fields left null are removed.
      cleared.removeIf(f -> fieldSet(f));
      return new ClusterDecision(
          phase,
          status,
          Set.copyOf(cleared),
          List.copyOf(writes),
          List.copyOf(events),
          reason,
          refusal,
          requeue);
    }

    private boolean fieldSet(String field) {
      return switch (field) {
        case "idleSince" -> status.getIdleSince() != null;
        case "bootstrapServers" -> status.getBootstrapServers() != null;
        case "kafkaVersion" -> status.getKafkaVersion() != null;
        case "securityProtocol" -> status.getSecurityProtocol() != null;
        case "lastWakeUp" -> status.getLastWakeUp() != null;
        default -> false;
      };
    }
  }
}
