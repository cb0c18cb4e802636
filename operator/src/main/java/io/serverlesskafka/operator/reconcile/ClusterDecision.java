package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.status.ConditionReason;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What one reconcile of a cluster does, decided before anything is written: the objects to write or
 * delete in order, the status to write once (and which of its fields to remove), the Events, and
 * when to look again.
 *
 * @param phase what the cluster is doing
 * @param status the status to write; null when the cluster is being removed
 * @param clearedStatusFields status fields to remove: the status is merge-patched, where only an
 *     explicit null removes a field
 * @param writes in order
 * @param reason the Ready condition's reason
 * @param deletionRefused why the deletion that was asked for waits (null: none asked, or it goes
 *     ahead)
 * @param requeue when to look again
 */
public record ClusterDecision(
    Phase phase,
    ServerlessKafkaStatus status,
    Set<String> clearedStatusFields,
    List<Write> writes,
    List<Note> events,
    ConditionReason reason,
    String deletionRefused,
    Duration requeue) {

  public enum Phase {
    /** The spec cannot be applied: nothing is written but the status, the cluster stays as is. */
    INVALID_SPEC,
    /** OnDemand without topics: no brokers run. */
    HIBERNATING,
    /**
     * The Strimzi objects (and the HTTP gateway) are applied; Strimzi has not reported them Ready,
     * or reports a problem.
     */
    RUNNING,
    /**
     * Applied and reported Ready by Strimzi: only now do the autoscaler and the rebalancer run,
     * since both talk to the brokers.
     */
    READY,
    /** Deletion asked for and nothing uses the cluster: its objects go, then the finalizer. */
    REMOVED
  }

  /** One write to the API server. */
  public sealed interface Write {}

  /** Server-side apply. */
  public record Apply(HasMetadata object) implements Write {}

  /**
   * Server-side apply only if the object is still at {@code resourceVersion}; a conflict means it
   * changed since it was observed (a scale), and the reconcile starts over.
   */
  public record ApplyIfUnchanged(HasMetadata object, String resourceVersion) implements Write {}

  public record Delete(Class<? extends HasMetadata> type, String namespace, String name)
      implements Write {}

  public record Note(boolean warning, EventReason reason, String message) {}

  /** Whether the Strimzi objects (and the gateway) are applied this time. */
  public boolean applies() {
    return phase == Phase.RUNNING || phase == Phase.READY;
  }
}
