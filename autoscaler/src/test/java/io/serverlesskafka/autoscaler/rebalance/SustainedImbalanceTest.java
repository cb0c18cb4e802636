package io.serverlesskafka.autoscaler.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SustainedImbalanceTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  /** Three brokers; every partition led by broker 0, which so carries all the leaders. */
  private static ClusterModel hotLeader(long ingressMibPerPartition) {
    List<PartitionSpec> partitions = new ArrayList<>();
    for (int p = 0; p < 6; p++) {
      partitions.add(
          Clusters.partition("t", p, List.of(0, 1 + p % 2), ingressMibPerPartition, 0, 1));
    }
    return new ClusterModel(Clusters.brokers(3, 0), partitions);
  }

  @Test
  void aLayoutWithAllLeadersOnOneBrokerIsAboveTheLimit() {
    List<ResourceImbalance> above =
        SustainedImbalance.aboveLimit(hotLeader(5), PlannerSettings.defaults());
    assertThat(above)
        .extracting(ResourceImbalance::resource)
        .contains(BalancedResource.LEADERS, BalancedResource.REPLICAS);
  }

  @Test
  void aBalancedLayoutIsNot() {
    List<PartitionSpec> partitions = new ArrayList<>();
    for (int p = 0; p < 6; p++) {
      partitions.add(Clusters.partition("t", p, List.of(p % 3, (p + 1) % 3), 5, 5, 1));
    }
    assertThat(
            SustainedImbalance.aboveLimit(
                new ClusterModel(Clusters.brokers(3, 0), partitions), PlannerSettings.defaults()))
        .isEmpty();
  }

  @Test
  void tinyByteRatesAreNotWorthMovingDataFor() {
    List<PartitionSpec> partitions = new ArrayList<>();
    for (int p = 0; p < 6; p++) {
      // Counts balanced, but all the (tiny) traffic on the partitions led by broker 0.
      partitions.add(
          new PartitionSpec("t", p, List.of(p % 3, (p + 1) % 3), p % 3 == 0 ? 1_000 : 0, 0, 1_000));
    }
    assertThat(
            SustainedImbalance.aboveLimit(
                new ClusterModel(Clusters.brokers(3, 0), partitions), PlannerSettings.defaults()))
        .isEmpty();
  }

  @Test
  void firesOnlyAfterAWholeWindowOfImbalancedObservations() {
    SustainedImbalance sustained = new SustainedImbalance(Duration.ofMinutes(10));
    List<ResourceImbalance> above =
        SustainedImbalance.aboveLimit(hotLeader(5), PlannerSettings.defaults());
    assertThat(sustained.observe(above, T0)).isFalse();
    assertThat(sustained.observe(above, T0.plus(Duration.ofMinutes(9)))).isFalse();
    assertThat(sustained.since()).contains(T0);
    assertThat(sustained.observe(above, T0.plus(Duration.ofMinutes(10)))).isTrue();
    assertThat(sustained.describe()).contains("leaders");
  }

  @Test
  void oneBalancedObservationStartsTheWindowAgain() {
    SustainedImbalance sustained = new SustainedImbalance(Duration.ofMinutes(10));
    List<ResourceImbalance> above =
        SustainedImbalance.aboveLimit(hotLeader(5), PlannerSettings.defaults());
    sustained.observe(above, T0);
    sustained.observe(List.of(), T0.plus(Duration.ofMinutes(5)));
    assertThat(sustained.since()).isEmpty();
    assertThat(sustained.observe(above, T0.plus(Duration.ofMinutes(11)))).isFalse();
    assertThat(sustained.observe(above, T0.plus(Duration.ofMinutes(21)))).isTrue();
    sustained.reset();
    assertThat(sustained.observe(above, T0.plus(Duration.ofMinutes(22)))).isFalse();
  }
}
