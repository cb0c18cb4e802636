package io.serverlesskafka.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.strimzi.api.kafka.model.common.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrimziReadinessTest {
  private static io.strimzi.api.kafka.model.common.Condition condition(String type, String status) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason("R")
        .withMessage("m")
        .build();
  }

  @Test
  void readyOnlyForTheCurrentGeneration() {
    assertThat(StrimziReadiness.of(List.of(condition("Ready", "True")), 2L, 2L).ready()).isTrue();
    assertThat(StrimziReadiness.of(List.of(condition("Ready", "True")), 1L, 2L).state())
        .isEqualTo(StrimziReadiness.State.PENDING);
  }

  @Test
  void understandsBothWaysStrimziReportsErrors() {
    assertThat(StrimziReadiness.of(List.of(condition("Ready", "False")), 1L, 1L).failed()).isTrue();
    assertThat(StrimziReadiness.of(List.of(condition("NotReady", "True")), 1L, 1L).failed())
        .isTrue();
    assertThat(StrimziReadiness.of(null, null, 1L).state())
        .isEqualTo(StrimziReadiness.State.PENDING);
  }
}
