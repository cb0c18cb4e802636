package io.serverlesskafka.operator.reconcile;

import io.strimzi.api.kafka.model.common.Condition;
import java.util.List;

/**
 * Reads a Strimzi resource's readiness. Strimzi reports errors as {@code Ready=False} on
 * KafkaTopics and as {@code NotReady=True} on Kafka and KafkaUser; a status for an older generation
 * says nothing yet.
 */
public record StrimziReadiness(State state, String reason, String message) {
  public enum State {
    READY,
    NOT_READY,
    PENDING
  }

  public static StrimziReadiness of(
      List<Condition> conditions, Long observedGeneration, Long generation) {
    if (conditions == null || conditions.isEmpty()) {
      return new StrimziReadiness(State.PENDING, null, "no status from Strimzi yet");
    }
    boolean current =
        observedGeneration == null || generation == null || observedGeneration >= generation;
    for (Condition c : conditions) {
      // Strimzi marks a cluster that is still being deployed NotReady with reason Creating: not a
      // failure.
      boolean failed =
          ("Ready".equals(c.getType()) && "False".equals(c.getStatus()))
              || ("NotReady".equals(c.getType())
                  && "True".equals(c.getStatus())
                  && !"Creating".equals(c.getReason()));
      if (failed && current) {
        return new StrimziReadiness(State.NOT_READY, c.getReason(), c.getMessage());
      }
    }
    boolean ready =
        conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    if (ready && current) {
      return new StrimziReadiness(State.READY, null, null);
    }
    return new StrimziReadiness(
        State.PENDING, null, "waiting for Strimzi to reconcile generation " + generation);
  }

  public boolean ready() {
    return state == State.READY;
  }

  public boolean failed() {
    return state == State.NOT_READY;
  }

  public String describe() {
    return reason == null ? String.valueOf(message) : reason + ": " + message;
  }
}
