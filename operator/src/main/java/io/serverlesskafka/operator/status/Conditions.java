package io.serverlesskafka.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds conditions in Kubernetes' shape, keeping lastTransitionTime when the status does not
 * change.
 */
public final class Conditions {
  public static final String READY = "Ready";

  private Conditions() {}

  public static Condition ready(
      boolean ready, ConditionReason reason, String message, Long generation, Clock clock) {
    return new ConditionBuilder()
        .withType(READY)
        .withStatus(ready ? "True" : "False")
        .withReason(reason.name())
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString())
        .build();
  }

  /** A condition of any type, in the same shape as {@link #ready}. */
  public static Condition of(
      String type, boolean status, String reason, String message, Long generation, Clock clock) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString())
        .build();
  }

  public static List<Condition> remove(List<Condition> existing, String type) {
    return existing == null
        ? new ArrayList<>()
        : new ArrayList<>(
            existing.stream().filter(c -> !Objects.equals(c.getType(), type)).toList());
  }

  public static boolean has(List<Condition> conditions, String type) {
    return conditions != null && conditions.stream().anyMatch(c -> type.equals(c.getType()));
  }

  /**
   * Replaces the condition of the same type, carrying over lastTransitionTime when its status is
   * unchanged.
   */
  public static List<Condition> merge(List<Condition> existing, Condition updated) {
    List<Condition> result = new ArrayList<>();
    boolean replaced = false;
    for (Condition c : existing == null ? List.<Condition>of() : existing) {
      if (Objects.equals(c.getType(), updated.getType())) {
        if (Objects.equals(c.getStatus(), updated.getStatus())
            && c.getLastTransitionTime() != null) {
          updated.setLastTransitionTime(c.getLastTransitionTime());
        }
        result.add(updated);
        replaced = true;
      } else {
        result.add(c);
      }
    }
    if (!replaced) {
      result.add(updated);
    }
    return result;
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
