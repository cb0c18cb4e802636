package io.serverlesskafka.operator.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.serverlesskafka.api.v1alpha1.GatewayCounters;
import io.serverlesskafka.api.v1alpha1.TopicUsage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageMeterPatchTest {
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void aForgottenGatewayInstanceIsRemovedByTheMergePatch() {
    TopicUsage before = new TopicUsage();
    before.setGatewayInstances(
        Map.of(
            "old", new GatewayCounters(1L, 1L, 0L, "2026-01-01T00:00:00Z"),
            "new", new GatewayCounters(2L, 2L, 0L, "2026-01-02T00:00:00Z")));
    TopicUsage after = new TopicUsage();
    after.setGatewayRequests(3L);
    after.setGatewayInstances(
        Map.of("new", new GatewayCounters(2L, 2L, 0L, "2026-01-02T00:01:00Z")));

    String json =
        serialization.asJson(
            Map.of("status", Map.of("usage", UsageMeter.usagePatch(before, after, serialization))));

    assertThat(json)
        .contains("\"old\":null")
        .contains("\"new\":{")
        .contains("\"gatewayRequests\":3");
  }

  @Test
  void withNothingForgottenThePatchIsTheUsage() {
    TopicUsage after = new TopicUsage();
    after.setRecordsIn(5L);
    assertThat(serialization.asJson(UsageMeter.usagePatch(null, after, serialization)))
        .isEqualTo("{\"recordsIn\":5}");
  }
}
