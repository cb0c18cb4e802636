package io.serverlesskafka.autoscaler.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** The planner's promises, checked on random clusters. */
class RebalancePlannerPropertiesTest {
  private final RebalancePlanner planner = new RebalancePlanner();

  private record Case(ClusterModel model, PlannerSettings settings) {}

  /**
   * Any cluster: skewed loads, random racks (or none), RF 1 to 3, replicas placed anywhere (rack
   * rules may be broken), some brokers empty, some being removed.
   */
  private static Case randomCase(int brokers, int racks, int partitions, long seed) {
    Random random = new Random(seed);
    List<BrokerSpec> brokerSpecs = Clusters.brokers(brokers, racks);
    int maxRf = Math.min(3, brokers);
    int placedOn = maxRf + random.nextInt(brokers - maxRf + 1);
    List<Integer> candidates = new ArrayList<>();
    for (int b = 0; b < placedOn; b++) {
      candidates.add(b);
    }
    List<PartitionSpec> specs = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      int rf = 1 + random.nextInt(maxRf);
      Collections.shuffle(candidates, random);
      double skew = Math.exp(3 * random.nextDouble());
      specs.add(
          new PartitionSpec(
              "topic-" + (p % 7),
              p,
              candidates.subList(0, rf),
              (long) (skew * Clusters.MIB),
              (long) (skew * random.nextInt(4) * Clusters.MIB),
              (long) (skew * random.nextDouble() * Clusters.GIB)));
    }
    Set<Integer> remove = new HashSet<>();
    int removable = brokers - maxRf;
    int toRemove = removable == 0 ? 0 : random.nextInt(removable + 1) / 2;
    while (remove.size() < toRemove) {
      remove.add(random.nextInt(brokers));
    }
    return new Case(
        new ClusterModel(brokerSpecs, specs), PlannerSettings.defaults().withRemoveBrokers(remove));
  }

  @Property(tries = 250)
  void everyPlanIsValid(
      @ForAll @IntRange(min = 1, max = 12) int brokers,
      @ForAll @IntRange(min = 0, max = 4) int racks,
      @ForAll @IntRange(min = 0, max = 150) int partitions,
      @ForAll long seed) {
    Case c = randomCase(brokers, racks, partitions, seed);

    RebalanceResult result = planner.plan(c.model, c.settings);

    assertThat(PlanVerifier.violations(c.model, result.after(), c.settings)).isEmpty();
    assertThat(ReassignmentPlan.between(c.model, result.after())).isEqualTo(result.plan());
  }

  /**
   * The lower bound of the max is physical: no rack-safe placement, the plan's included, has a
   * broker below it.
   */
  @Property(tries = 60)
  void noRackSafePlacementBeatsTheLowerBoundOfTheMax(
      @ForAll @IntRange(min = 3, max = 12) int brokers,
      @ForAll @IntRange(min = 0, max = 4) int racks,
      @ForAll @IntRange(min = 1, max = 150) int partitions,
      @ForAll long seed) {
    Case c = randomCase(brokers, racks, partitions, seed);

    RebalanceResult result = planner.plan(c.model, c.settings);

    if (PlanVerifier.rackViolations(result.after(), c.settings) == 0) {
      BalanceTargets targets = BalanceTargets.of(c.model, c.settings);
      List<ResourceImbalance> measured =
          ResourceImbalance.measure(result.after(), c.settings, targets);
      // The bound forced by the rack-mates' disk and replica limits holds for placements within
      // those limits.
      boolean diskAndReplicasWithin =
          measured.stream()
              .filter(
                  r ->
                      r.resource() == BalancedResource.DISK
                          || r.resource() == BalancedResource.REPLICAS)
              .allMatch(r -> r.max() <= r.upperLimit());
      for (ResourceImbalance r : measured) {
        if (r.boundReason().equals("disk and replica limits") && !diskAndReplicasWithin) {
          continue;
        }
        assertThat(r.max())
            .as("%s max against its bound", r.resource())
            .isGreaterThanOrEqualTo(r.lowerBound() * (1 - 1e-9));
      }
    }
  }

  @Property(tries = 150)
  void drainedBrokersEndEmpty(
      @ForAll @IntRange(min = 4, max = 12) int brokers,
      @ForAll @IntRange(min = 0, max = 4) int racks,
      @ForAll @IntRange(min = 1, max = 150) int partitions,
      @ForAll long seed) {
    Case c = randomCase(brokers, racks, partitions, seed);

    RebalanceResult result = planner.plan(c.model, c.settings);

    for (BrokerLoad load : BrokerLoad.of(result.after())) {
      if (c.settings.removeBrokers().contains(load.brokerId())) {
        assertThat(load.replicas()).as("replicas on removed broker %d", load.brokerId()).isZero();
      }
    }
  }

  @Property(tries = 150)
  void neverMakesRackSpreadWorse(
      @ForAll @IntRange(min = 3, max = 12) int brokers,
      @ForAll @IntRange(min = 2, max = 4) int racks,
      @ForAll @IntRange(min = 1, max = 150) int partitions,
      @ForAll long seed) {
    Case c = randomCase(brokers, racks, partitions, seed);
    Set<String> remainingRacks = new HashSet<>();
    c.model.brokers().stream()
        .filter(b -> !c.settings.removeBrokers().contains(b.id()))
        .forEach(b -> remainingRacks.add(b.rack()));

    RebalanceResult result = planner.plan(c.model, c.settings);

    for (int i = 0; i < c.model.partitions().size(); i++) {
      PartitionSpec old = c.model.partitions().get(i);
      int target = Math.min(old.replicationFactor(), remainingRacks.size());
      int before = racks(c.model, old);
      int after = racks(result.after(), result.after().partitions().get(i));
      assertThat(after)
          .as(old.name())
          .isGreaterThanOrEqualTo(Math.min(before, target))
          .isGreaterThanOrEqualTo(target);
    }
  }

  @Property(tries = 60)
  void reachesBalanceWhenManySimilarPartitionsMakeItFeasible(
      @ForAll @IntRange(min = 1, max = 4) int rackSize,
      @ForAll @IntRange(min = 0, max = 3) int newBrokers,
      @ForAll boolean withRacks,
      @ForAll long seed) {
    int brokers = 3 * rackSize + (withRacks ? 3 * newBrokers : newBrokers);
    int placedOn = 3 * rackSize;
    ClusterModel model = Clusters.uniform(brokers, withRacks ? 3 : 0, placedOn, 40 * brokers, seed);

    RebalanceResult result = planner.plan(model, PlannerSettings.defaults());

    for (ResourceImbalance r :
        ResourceImbalance.measure(result.after(), PlannerSettings.defaults())) {
      assertThat(r.withinUpperLimit())
          .as("%s max/mean %.3f", r.resource(), r.maxOverMean())
          .isTrue();
    }
  }

  @Property(tries = 150)
  void movesAtLeastTheLowerBoundWhenItReachesTheTargets(
      @ForAll @IntRange(min = 3, max = 12) int brokers,
      @ForAll @IntRange(min = 0, max = 4) int racks,
      @ForAll @IntRange(min = 1, max = 150) int partitions,
      @ForAll long seed) {
    Case c = randomCase(brokers, racks, partitions, seed);

    RebalanceResult result = planner.plan(c.model, c.settings);

    boolean balanced =
        ResourceImbalance.measure(result.after(), c.settings).stream()
            .allMatch(ResourceImbalance::withinLimits);
    if (balanced && PlanVerifier.capacityViolations(result.after(), c.settings).isEmpty()) {
      assertThat(result.plan().bytesMoved())
          .isGreaterThanOrEqualTo(BytesMovedBound.of(c.model, c.settings));
    }
  }

  @Property(tries = 100)
  void leavesAClusterAlreadyWithinItsTargetsAlone(
      @ForAll @IntRange(min = 3, max = 12) int brokers,
      @ForAll @IntRange(min = 0, max = 4) int racks,
      @ForAll @IntRange(min = 30, max = 300) int partitions,
      @ForAll long seed) {
    ClusterModel model = Clusters.uniform(brokers, racks, brokers, partitions, seed);
    PlannerSettings settings = PlannerSettings.defaults().withMaxImbalance(1.3);
    boolean within =
        ResourceImbalance.measure(model, settings).stream()
                .allMatch(ResourceImbalance::withinLimits)
            && PlanVerifier.rackViolations(model, settings) == 0;

    RebalanceResult result = planner.plan(model, settings);

    Statistics.label("already within targets").collect(within);
    if (within) {
      assertThat(result.plan().partitions()).isEmpty();
    }
  }

  @Property(tries = 30)
  void sameInputGivesTheSamePlan(
      @ForAll @IntRange(min = 1, max = 12) int brokers,
      @ForAll @IntRange(min = 0, max = 4) int racks,
      @ForAll @IntRange(min = 0, max = 150) int partitions,
      @ForAll long seed) {
    Case c = randomCase(brokers, racks, partitions, seed);

    assertThat(new RebalancePlanner().plan(c.model, c.settings).plan())
        .isEqualTo(planner.plan(c.model, c.settings).plan());
  }

  private static int racks(ClusterModel model, PartitionSpec p) {
    Set<String> racks = new HashSet<>();
    for (int b : p.replicas()) {
      BrokerSpec broker = model.brokersById().get(b);
      racks.add(broker.hasRack() ? broker.rack() : "broker-" + b);
    }
    return racks.size();
  }
}
