package io.serverlesskafka.autoscaler.rebalance;

import static io.serverlesskafka.autoscaler.rebalance.Clusters.BIG;
import static io.serverlesskafka.autoscaler.rebalance.Clusters.partition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RebalancePlannerTest {
  private final RebalancePlanner planner = new RebalancePlanner();

  @Test
  void inPlaceShedsTheSmallestPartitionThatCoversTheOverload() {
    // RF 1, no racks. Every broker holds 100 small fillers (0.1 MiB/s, 0.1 GiB each); brokers 1-3
    // also one
    // partition of 60 MiB/s. Broker 0 has 92 MiB/s, about 9 above its limit: moving "cover-small"
    // (12 MiB/s,
    // 1 GiB) fixes it with the fewest bytes; "cover-large" does the same with 5 GiB, and ~90
    // fillers with 9 GiB.
    // It comes last on the broker, behind the fillers.
    List<PartitionSpec> partitions = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      for (int i = 0; i < 100; i++) {
        partitions.add(
            new PartitionSpec(
                "filler-" + b, i, List.of(b), Clusters.MIB / 10, 0, Clusters.GIB / 10));
      }
    }
    for (int b = 1; b < 4; b++) {
      partitions.add(partition("big-" + b, 0, List.of(b), 60, 0, 11));
    }
    partitions.add(partition("hot", 0, List.of(0), 58, 0, 5));
    partitions.add(partition("cover-large", 0, List.of(0), 12, 0, 5));
    partitions.add(partition("cover-small", 0, List.of(0), 12, 0, 1));
    ClusterModel model = new ClusterModel(Clusters.brokers(4, 0), partitions);

    RebalanceResult result = planner.plan(model, PlannerSettings.defaults());

    assertThat(result.plan().partitions())
        .extracting(PartitionReassignment::topic)
        .containsExactly("cover-small");
    assertThat(result.plan().bytesMoved()).isEqualTo(Clusters.GIB);
    assertThat(ResourceImbalance.measure(result.after(), PlannerSettings.defaults()))
        .allMatch(ResourceImbalance::withinLimits);
  }

  @Test
  void aBrokerLeadingAPartitionHotterThanTheMeanTradesLeadershipsInsteadOfMovingData() {
    // 3 brokers, RF 3: every broker holds every partition, so only leadership can change. "hot"
    // alone carries
    // more egress than a broker's fair share; its leader must still lead its share of partitions
    // (at least 90 of
    // 300), all of them cold: it trades its warm leaderships for cold ones.
    List<PartitionSpec> partitions = new ArrayList<>();
    partitions.add(
        new PartitionSpec("hot", 0, List.of(0, 1, 2), 0, 100 * Clusters.MIB, Clusters.GIB));
    for (int p = 1; p < 300; p++) {
      List<Integer> replicas = List.of(p % 3, (p + 1) % 3, (p + 2) % 3);
      long egress = p % 2 == 0 ? Clusters.MIB / 2 : Clusters.MIB / 100;
      partitions.add(new PartitionSpec("t", p, replicas, 0, egress, Clusters.GIB));
    }
    ClusterModel model = new ClusterModel(Clusters.brokers(3, 0), partitions);
    PlannerSettings settings = PlannerSettings.defaults();
    assertThat(ResourceImbalance.measure(model, settings)).anyMatch(r -> !r.withinUpperLimit());

    RebalanceResult result = planner.plan(model, settings);

    assertThat(result.plan().bytesMoved()).isZero();
    assertThat(ResourceImbalance.measure(result.after(), settings))
        .allMatch(ResourceImbalance::withinUpperLimit);
  }

  @Test
  void drainedBrokersEndEmpty() {
    ClusterModel model = Clusters.uniform(9, 3, 9, 180, 1);
    PlannerSettings settings = PlannerSettings.defaults().withRemoveBrokers(Set.of(7, 8));

    RebalanceResult result = planner.plan(model, settings);

    for (BrokerLoad load : BrokerLoad.of(result.after())) {
      if (load.brokerId() >= 7) {
        assertThat(load.replicas()).as("replicas left on broker %d", load.brokerId()).isZero();
      }
    }
    assertThat(PlanVerifier.violations(model, result.after(), settings)).isEmpty();
    assertThat(result.mode()).isEqualTo(PlanMode.DRAIN);
  }

  @Test
  void drainMovesAboutTheBytesOnTheRemovedBrokers() {
    ClusterModel model = Clusters.uniform(9, 3, 9, 180, 2);
    PlannerSettings settings = PlannerSettings.defaults().withRemoveBrokers(Set.of(8));

    RebalanceResult result = planner.plan(model, settings);

    long onRemoved = BrokerLoad.of(model).get(8).disk();
    assertThat(BytesMovedBound.of(model, settings)).isEqualTo(onRemoved);
    assertThat(result.plan().bytesMoved()).isBetween(onRemoved, 2 * onRemoved);
  }

  @Test
  void fillsNewEmptyBrokers() {
    ClusterModel model = Clusters.uniform(8, 0, 6, 240, 3);

    RebalanceResult result = planner.plan(model, PlannerSettings.defaults());

    assertThat(result.mode()).isEqualTo(PlanMode.FILL);
    for (ResourceImbalance r :
        ResourceImbalance.measure(result.after(), PlannerSettings.defaults())) {
      assertThat(r.withinLimits())
          .as("%s within [%s, %s]: %s", r.resource(), r.lowerLimit(), r.upperLimit(), r)
          .isTrue();
    }
  }

  @Test
  void spreadsPartitionsOverRacksWhenThereAreEnoughRacks() {
    List<PartitionSpec> partitions = new ArrayList<>();
    for (int p = 0; p < 12; p++) {
      // brokers 0 and 3 share zone-a: every partition starts with two replicas in one rack
      partitions.add(partition("t", p, List.of(0, 3, 1 + (p % 2)), 1, 1, 1));
    }
    ClusterModel model = new ClusterModel(Clusters.brokers(6, 3), partitions);

    RebalanceResult result = planner.plan(model, PlannerSettings.defaults());

    assertThat(PlanVerifier.rackViolations(model, PlannerSettings.defaults())).isEqualTo(12);
    assertThat(PlanVerifier.rackViolations(result.after(), PlannerSettings.defaults())).isZero();
  }

  @Test
  void neverMakesRackSpreadWorseWhenARackIsRemoved() {
    ClusterModel model = Clusters.uniform(6, 3, 6, 60, 4);
    // brokers 2 and 5 are the whole of zone-c: two racks remain, so every partition must keep two
    PlannerSettings settings = PlannerSettings.defaults().withRemoveBrokers(Set.of(2, 5));

    RebalanceResult result = planner.plan(model, settings);

    Set<String> racksOf;
    for (PartitionSpec p : result.after().partitions()) {
      racksOf = new java.util.HashSet<>();
      for (int b : p.replicas()) {
        racksOf.add(result.after().brokersById().get(b).rack());
      }
      assertThat(racksOf).as(p.name()).hasSize(2);
    }
  }

  @Test
  void movesNothingWhenAlreadyBalanced() {
    List<PartitionSpec> partitions = new ArrayList<>();
    for (int p = 0; p < 30; p++) {
      partitions.add(partition("t", p, List.of(p % 3, (p + 1) % 3, (p + 2) % 3), 2, 2, 2));
    }
    ClusterModel model = new ClusterModel(Clusters.brokers(3, 3), partitions);

    RebalanceResult result = planner.plan(model, PlannerSettings.defaults());

    assertThat(result.plan().partitions()).isEmpty();
  }

  @Test
  void fixesEgressWithLeadershipBeforeMovingData() {
    List<PartitionSpec> partitions = new ArrayList<>();
    for (int p = 0; p < 30; p++) {
      // replica sets are balanced but broker 0 leads everything
      partitions.add(partition("t", p, List.of(0, 1 + p % 2, 2 - p % 2), 1, 5, 1));
    }
    ClusterModel model = new ClusterModel(Clusters.brokers(3, 3), partitions);

    RebalanceResult result = planner.plan(model, PlannerSettings.defaults());

    assertThat(result.plan().bytesMoved()).isZero();
    assertThat(result.plan().leadershipChanges()).isGreaterThanOrEqualTo(18);
    ResourceImbalance egress =
        ResourceImbalance.measure(result.after(), PlannerSettings.defaults())
            .get(BalancedResource.EGRESS.ordinal());
    assertThat(egress.maxOverMean()).isLessThanOrEqualTo(1.10);
  }

  @Test
  void keepsBrokersUnderCapacityWhenTheTotalFits() {
    BrokerLimits small =
        new BrokerLimits(1000 * Clusters.MIB, 2000 * Clusters.MIB, 40 * Clusters.GIB);
    List<BrokerSpec> brokers = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      brokers.add(new BrokerSpec(b, null, b == 0 ? small : BIG));
    }
    List<PartitionSpec> partitions = new ArrayList<>();
    for (int p = 0; p < 20; p++) {
      partitions.add(partition("t", p, List.of(0, 1 + p % 3), 1, 1, 5));
    }
    ClusterModel model = new ClusterModel(brokers, partitions);
    assertThat(PlanVerifier.capacityViolations(model, PlannerSettings.defaults())).isNotEmpty();

    RebalanceResult result = planner.plan(model, PlannerSettings.defaults());

    assertThat(PlanVerifier.capacityViolations(result.after(), PlannerSettings.defaults()))
        .isEmpty();
  }

  @Test
  void givesTheSamePlanForTheSameInput() {
    ClusterModel model = Clusters.uniform(10, 3, 8, 300, 5);
    PlannerSettings settings = PlannerSettings.defaults().withRemoveBrokers(Set.of(3));

    String first = planner.plan(model, settings).plan().toKafkaJson();
    String second = new RebalancePlanner().plan(model, settings).plan().toKafkaJson();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void targetsFollowAPartitionHotterThanAFairShare() {
    List<PartitionSpec> partitions = new ArrayList<>();
    partitions.add(partition("hot", 0, List.of(0), 100, 100, 1));
    for (int p = 0; p < 9; p++) {
      partitions.add(partition("cold", p, List.of(p % 4), 1, 1, 1));
    }
    ClusterModel model = new ClusterModel(Clusters.brokers(4, 0), partitions);

    BalanceTargets targets = BalanceTargets.of(model, PlannerSettings.defaults());

    // 2 % above what the hot partition alone brings, not maxImbalance times it.
    assertThat(targets.lowerBoundOfMax(BalancedResource.INGRESS)).isEqualTo(100.0 * Clusters.MIB);
    assertThat(targets.upper(BalancedResource.INGRESS))
        .isCloseTo(1.02 * 100 * Clusters.MIB, org.assertj.core.data.Offset.offset(1.0));
    // The three other brokers share the 9 cold MiB/s: their floor is that share over maxImbalance.
    assertThat(targets.lower(BalancedResource.INGRESS))
        .isCloseTo(3 * Clusters.MIB / 1.10, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void refusesToRemoveABrokerThatDoesNotExist() {
    ClusterModel model = Clusters.uniform(4, 0, 4, 8, 6);

    assertThatThrownBy(
            () -> planner.plan(model, PlannerSettings.defaults().withRemoveBrokers(Set.of(9))))
        .hasMessage("--remove-brokers: broker 9 is not in brokers");
  }

  @Test
  void refusesToDrainBelowTheReplicationFactor() {
    ClusterModel model = Clusters.uniform(4, 0, 4, 8, 7);

    assertThatThrownBy(
            () -> planner.plan(model, PlannerSettings.defaults().withRemoveBrokers(Set.of(0, 1))))
        .hasMessageContaining("has 3 replicas but only 2 brokers would remain");
  }
}
