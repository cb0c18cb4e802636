package io.serverlesskafka.autoscaler.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RackForcedLevelTest {

  @Test
  void drainingTwoOfTwelveBrokersFromTwoRacksForcesTheSmallRacksToATenthAboveTheMean() {
    // RF 3 over racks of 4, 3 and 3 brokers: each rack holds a third of the total; the rack of 4 is
    // capped.
    RackForcedLevel level = RackForcedLevel.of(30, 10, List.of(4, 3, 3));

    assertThat(level.level()).isCloseTo(10 / 3.0, within(1e-9)); // 1.111 × the mean of 3
    assertThat(level.lowestRackLevel()).isCloseTo(2.5, within(1e-9));
  }

  @Test
  void capsTheLargestRacksFirstAndStopsWhenTheRestFits() {
    // 100 brokers in racks of 34, 33 and 33: only the rack of 34 is capped, the others carry 1/99
    // each.
    RackForcedLevel level = RackForcedLevel.of(300, 100, List.of(33, 34, 33));

    assertThat(level.level()).isCloseTo(200 / 66.0, within(1e-9));
    assertThat(level.lowestRackLevel()).isCloseTo(100 / 34.0, within(1e-9));
  }

  @Test
  void evenRacksForceNothingAboveTheMean() {
    RackForcedLevel level = RackForcedLevel.of(300, 100, List.of(4, 4, 4));

    assertThat(level.level()).isCloseTo(25, within(1e-9));
  }

  @Test
  void targetsSitTwoPercentAboveARackForcedBound() {
    // 12 brokers in 3 racks, the two highest ids (racks b and c) drained: racks of 4, 3 and 3
    // remain.
    ClusterModel model = Clusters.uniform(12, 3, 12, 120, 1);
    PlannerSettings settings =
        PlannerSettings.defaults().withRemoveBrokers(java.util.Set.of(10, 11));

    BalanceTargets targets = BalanceTargets.of(model, settings);

    assertThat(targets.lowerBoundOfMax(BalancedResource.DISK) / targets.mean(BalancedResource.DISK))
        .isCloseTo(10 / 9.0, within(1e-9));
    assertThat(targets.upper(BalancedResource.DISK))
        .isCloseTo(1.02 * targets.lowerBoundOfMax(BalancedResource.DISK), within(1.0));
    assertThat(targets.boundReason(BalancedResource.DISK)).isEqualTo("racks");
  }
}
