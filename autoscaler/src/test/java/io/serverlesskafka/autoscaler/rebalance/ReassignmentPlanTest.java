package io.serverlesskafka.autoscaler.rebalance;

import static io.serverlesskafka.autoscaler.rebalance.Clusters.partition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReassignmentPlanTest {
  private final ClusterModel before =
      new ClusterModel(
          Clusters.brokers(4, 0),
          List.of(
              partition("b", 0, List.of(0, 1), 1, 1, 2),
              partition("a", 1, List.of(1, 2), 1, 1, 3),
              partition("a", 0, List.of(2, 3), 1, 1, 5)));

  @Test
  void listsOnlyChangedPartitionsInKafkasFormat() throws Exception {
    ClusterModel after =
        before.withAssignments(List.of(List.of(1, 0), List.of(1, 2), List.of(2, 0)));

    JsonNode json =
        new ObjectMapper().readTree(ReassignmentPlan.between(before, after).toKafkaJson());

    assertThat(json.get("version").asInt()).isEqualTo(1);
    assertThat(json.get("partitions")).hasSize(2);
    assertThat(json.get("partitions").get(0).toString())
        .isEqualTo("{\"topic\":\"a\",\"partition\":0,\"replicas\":[2,0]}");
    assertThat(json.get("partitions").get(1).toString())
        .isEqualTo("{\"topic\":\"b\",\"partition\":0,\"replicas\":[1,0]}");
  }

  @Test
  void countsBytesOnlyForReplicasOnNewBrokers() {
    ClusterModel after =
        before.withAssignments(List.of(List.of(1, 0), List.of(1, 2), List.of(2, 0)));

    ReassignmentPlan plan = ReassignmentPlan.between(before, after);

    assertThat(plan.bytesMoved()).isEqualTo(5 * Clusters.GIB);
    assertThat(plan.replicaMoves()).isEqualTo(1);
    assertThat(plan.leadershipChanges()).isEqualTo(1);
  }
}
