package io.serverlesskafka.autoscaler.rebalance;

import static io.serverlesskafka.autoscaler.rebalance.Clusters.GIB;
import static io.serverlesskafka.autoscaler.rebalance.Clusters.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HotRackRepackTest {
  private static final List<List<Integer>> RACK_SETS =
      List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8));

  /**
   * 9 brokers in 3 racks of 3, RF 3. A hot partition (60 MiB/s, just under the mean of 62) on
   * brokers 0, 1 and 2, which also hold a third of the 60 ingress-dense partitions (2 MiB/s, 2 GiB)
   * while 60 cold ones (0.1 MiB/s, 8 GiB) sit mostly elsewhere: brokers 0-2 start at 1.6 × the mean
   * ingress and under their share of disk.
   */
  static ClusterModel hotBrokersHoldDensePartitions() {
    List<PartitionSpec> partitions = new ArrayList<>();
    partitions.add(new PartitionSpec("hot", 0, List.of(0, 1, 2), 60 * MIB, 60 * MIB, GIB));
    for (int i = 0; i < 60; i++) {
      partitions.add(
          new PartitionSpec("dense", i, RACK_SETS.get(i % 3), 2 * MIB, 2 * MIB, 2 * GIB));
    }
    for (int i = 0; i < 60; i++) {
      partitions.add(
          new PartitionSpec("cold", i, RACK_SETS.get((i + 1) % 3), MIB / 10, MIB / 10, 8 * GIB));
    }
    return new ClusterModel(Clusters.brokers(9, 3), partitions);
  }

  @Test
  void theHotPartitionsBrokerKeepsTheColdestReplicasPerByteAndItsRackMatesTakeTheRest() {
    ClusterModel model = hotBrokersHoldDensePartitions();
    PlannerSettings settings = PlannerSettings.defaults();
    BalanceTargets targets = BalanceTargets.of(model, settings);
    PlanningState state = new PlanningState(model, settings, targets);
    double before = state.load[PlanningState.IN][0];
    assertThat(targets.hasHotIngress()).isTrue();
    assertThat(before).isGreaterThan(targets.upper(BalancedResource.INGRESS));

    int moves = new HotRackRepack(state, targets).repack();

    assertThat(moves).isPositive();
    for (int v = 0; v < 3; v++) {
      // Broker v keeps the hot replica and ends within its ingress limit.
      assertThat(state.slotOf(0, v)).isGreaterThanOrEqualTo(0);
      assertThat(state.load[PlanningState.IN][v])
          .isLessThanOrEqualTo(targets.upper(BalancedResource.INGRESS));
      // Its two rack-mates together stay within their disk and replica limits.
      double mateDisk = 0;
      double mateReplicas = 0;
      for (int u = 0; u < 9; u++) {
        if (u != v && u % 3 == v % 3) {
          mateDisk += state.load[PlanningState.DISK][u];
          mateReplicas += state.load[PlanningState.REPL][u];
        }
      }
      assertThat(mateDisk).isLessThanOrEqualTo(2 * targets.upper(BalancedResource.DISK));
      assertThat(mateReplicas).isLessThanOrEqualTo(2 * targets.upper(BalancedResource.REPLICAS));
    }
    assertThat(PlanVerifier.violations(model, state.toModel(), settings)).isEmpty();
  }

  @Test
  void theRepackIsDeterministic() {
    ClusterModel model = hotBrokersHoldDensePartitions();
    RebalancePlanner planner = new RebalancePlanner();

    RebalanceResult first = planner.plan(model, PlannerSettings.defaults());
    RebalanceResult second = planner.plan(model, PlannerSettings.defaults());

    assertThat(second.plan()).isEqualTo(first.plan());
    assertThat(PlanVerifier.violations(model, first.after(), PlannerSettings.defaults())).isEmpty();
  }

  @Test
  void aBrokerWithTwoHotReplicasHandsOneToARackMate() {
    // Broker 0 holds a replica of both hot partitions (50 MiB/s each, the mean is 73): together
    // far above its limit. Brokers 3 and 6 share its rack.
    List<PartitionSpec> partitions = new ArrayList<>();
    partitions.add(new PartitionSpec("hot", 0, List.of(0, 1, 2), 50 * MIB, 50 * MIB, GIB));
    partitions.add(new PartitionSpec("hot", 1, List.of(0, 4, 5), 50 * MIB, 50 * MIB, GIB));
    for (int i = 0; i < 60; i++) {
      partitions.add(
          new PartitionSpec("filler", i, RACK_SETS.get(i % 3), 2 * MIB, 2 * MIB, 2 * GIB));
    }
    ClusterModel model = new ClusterModel(Clusters.brokers(9, 3), partitions);
    PlannerSettings settings = PlannerSettings.defaults();
    BalanceTargets targets = BalanceTargets.of(model, settings);
    PlanningState state = new PlanningState(model, settings, targets);
    double before = state.load[PlanningState.IN][0];

    new HotRackRepack(state, targets).repack();

    for (int b : List.of(0, 3, 6)) {
      int hot = (state.slotOf(0, b) >= 0 ? 1 : 0) + (state.slotOf(1, b) >= 0 ? 1 : 0);
      assertThat(hot).as("hot replicas on broker %d", b).isLessThanOrEqualTo(1);
    }
    // 140 MiB/s before; one hot replica (50) left, some of the rack-mate's load came back.
    assertThat(before).isEqualTo(140.0 * MIB);
    assertThat(state.load[PlanningState.IN][0]).isLessThanOrEqualTo(before - 45 * MIB);
    assertThat(PlanVerifier.violations(model, state.toModel(), settings)).isEmpty();
  }
}
