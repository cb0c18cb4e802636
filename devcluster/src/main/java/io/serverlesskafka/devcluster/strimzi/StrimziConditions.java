package io.serverlesskafka.devcluster.strimzi;

import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Conditions as Strimzi's operators write them. */
final class StrimziConditions {
  private StrimziConditions() {}

  static Condition ready() {
    return new ConditionBuilder()
        .withType("Ready")
        .withStatus("True")
        .withLastTransitionTime(now())
        .build();
  }

  /** How Strimzi's topic operator reports a failed KafkaTopic. */
  static Condition notReadyTopic(String reason, String message) {
    return new ConditionBuilder()
        .withType("Ready")
        .withStatus("False")
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(now())
        .build();
  }

  /** How Strimzi reports a failed Kafka or KafkaUser. */
  static Condition notReady(String reason, String message) {
    return new ConditionBuilder()
        .withType("NotReady")
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(now())
        .build();
  }

  static Condition warning(String reason, String message) {
    return new ConditionBuilder()
        .withType("Warning")
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(now())
        .build();
  }

  static boolean isReady(List<Condition> conditions) {
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
