package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.model.ClientConnection;
import io.serverlesskafka.operator.status.ConditionReason;
import java.time.Duration;
import java.util.List;

/**
 * What one reconcile of a topic does, decided before anything is written: the objects to write and
 * how, the status to write once, the Events, and when to look again.
 *
 * @param reason the Ready condition's reason (for metrics and logs)
 * @param consumerScaling whether the KEDA objects are brought up to date (once the cluster has an
 *     address and, with TLS, a published CA)
 */
public record TopicDecision(
    ServerlessTopicStatus status,
    ConditionReason reason,
    List<Write> writes,
    List<Note> events,
    ConsumerScaling consumerScaling,
    Duration requeue) {

  public enum Action {
    /**
     * The object does not exist: create it, failing (and reconciling again) if someone creates it
     * first.
     */
    CREATE,
    /** The object is the topic's own (or handed to it): server-side apply. */
    APPLY,
    /**
     * Remove the platform admin's adoptable-by annotation from an object just taken over: it is a
     * one-time grant.
     */
    RELEASE_ADOPTABLE
  }

  public record Write(Action action, HasMetadata object) {}

  public record Note(boolean warning, EventReason reason, String message) {}

  /** Inputs of the KEDA step; null when it does not run this time. */
  public record ConsumerScaling(ClientConnection connection, int partitions, String groupPrefix) {}

  public boolean ready() {
    return reason == ConditionReason.Ready;
  }
}
