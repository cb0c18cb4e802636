package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Note;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Phase;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Write;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.status.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link ClusterDecision} being built by {@link ClusterDecider}: the status, the writes and the
 * Events of one reconcile. It owns the Ready condition and the Events that follow its changes, so
 * that a state is said when it starts, not each time the cluster is looked at. Pure.
 */
final class ClusterDraft {
  final ServerlessKafka cluster;
  private final Clock clock;
  final Condition before;

  /** Why the deletion that was asked for waits; null when none was asked for. */
  final String refusal;

  final ServerlessKafkaStatus status;
  final Set<String> cleared = new LinkedHashSet<>();
  final List<Write> writes = new ArrayList<>();
  final List<Note> events = new ArrayList<>();

  ClusterDraft(ServerlessKafka cluster, String refusal, Clock clock) {
    this.cluster = cluster;
    this.clock = clock;
    this.before = readyCondition(cluster);
    this.refusal = refusal;
    this.status = copyStatus(cluster);
  }

  /**
   * Not ready: a problem ({@code warn}) is looked at again soon and said once as a Warning Event; a
   * cluster that waits (for Strimzi) is looked at again on a timer or when something it depends on
   * changes.
   */
  ClusterDecision notReady(Phase phase, ConditionReason reason, String message, boolean warn) {
    ready(false, reason, message);
    if (warn && !reported(reason, message)) {
      // the Warning Event of a not-Ready reason has the same name
      events.add(new Note(true, EventReason.valueOf(reason.name()), message));
    }
    return decision(
        phase, reason, warn || refusal != null ? ClusterDecider.RETRY_SOON : ClusterDecider.RESYNC);
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

  static Condition readyCondition(ServerlessKafka cluster) {
    List<Condition> conditions =
        cluster.getStatus() == null ? null : cluster.getStatus().getConditions();
    return conditions == null
        ? null
        : conditions.stream()
            .filter(c -> Conditions.READY.equals(c.getType()))
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
}
