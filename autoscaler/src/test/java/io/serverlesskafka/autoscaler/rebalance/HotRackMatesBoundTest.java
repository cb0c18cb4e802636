package io.serverlesskafka.autoscaler.rebalance;

import static io.serverlesskafka.autoscaler.rebalance.Clusters.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HotRackMatesBoundTest {

  @Test
  void theBrokerHoldingAHotPartitionMustCarryWhatItsRackMatesCannotTake() {
    // 6 brokers in 3 racks of 2, RF 3: each rack holds one replica of every partition. One hot
    // partition (90 MiB/s, no data) and 100 fillers (1 MiB/s, 10 GiB each). Mean per broker: 95
    // MiB/s, 500 GiB, 50.5 replicas. The rack-mate of the hot replica's broker takes at most 1.1 ×
    // 500 GiB = 550 GiB (55 fillers) and 55 replicas, so that broker holds 45 fillers beside the
    // hot
    // replica: 135 MiB/s at least, 1.42 × the mean.
    List<PartitionSpec> partitions = new ArrayList<>();
    partitions.add(Clusters.partition("hot", 0, List.of(0, 1, 2), 90, 0, 0));
    for (int i = 0; i < 100; i++) {
      partitions.add(Clusters.partition("filler", i, List.of(i % 2 * 3, 1, 2), 1, 0, 10));
    }
    ClusterModel model = new ClusterModel(Clusters.brokers(6, 3), partitions);

    BalanceTargets targets = BalanceTargets.of(model, PlannerSettings.defaults());

    assertThat(targets.lowerBoundOfMax(BalancedResource.INGRESS) / MIB).isCloseTo(135, within(0.5));
    assertThat(targets.boundReason(BalancedResource.INGRESS)).isEqualTo("disk and replica limits");
    assertThat(targets.upper(BalancedResource.INGRESS))
        .isCloseTo(1.02 * targets.lowerBoundOfMax(BalancedResource.INGRESS), within(1.0));
  }

  @Test
  void withoutAPartitionOfHalfABrokersShareOfIngressThereIsNoSuchBound() {
    ClusterModel model = Clusters.uniform(12, 3, 12, 300, 3);

    BalanceTargets targets = BalanceTargets.of(model, PlannerSettings.defaults());

    assertThat(targets.boundReason(BalancedResource.INGRESS)).isEmpty();
    assertThat(targets.lowerBoundOfMax(BalancedResource.INGRESS))
        .isEqualTo(targets.mean(BalancedResource.INGRESS));
  }

  @Test
  void theDualMatchesTheLinearProgramOnASmallCase() {
    // Need 2.5 units of disk from items of 1 unit: the two cheapest whole and half the third.
    double bound =
        HotRackMatesBound.leastIngress(
            new double[] {3, 1, 2, 5}, new double[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1}, 2.5, 0);

    assertThat(bound).isCloseTo(1 + 2 + 1.5, within(1e-6));
  }

  /**
   * The bound never exceeds the least ingress of any whole choice meeting the disk and count
   * requirements (checked by enumerating every choice).
   */
  @Property(tries = 200)
  void theDualNeverExceedsTheBestWholeChoice(
      @ForAll @IntRange(min = 1, max = 10) int items, @ForAll long seed) {
    Random random = new Random(seed);
    double[] a = new double[items];
    double[] d = new double[items];
    int[] m = new int[items];
    double totalDisk = 0;
    for (int i = 0; i < items; i++) {
      a[i] = random.nextInt(100);
      d[i] = random.nextInt(100);
      m[i] = 1;
      totalDisk += d[i];
    }
    double disk = random.nextDouble() * totalDisk;
    double count = random.nextInt(items + 1);
    double best = Double.POSITIVE_INFINITY;
    for (int set = 0; set < 1 << items; set++) {
      double in = 0;
      double bytes = 0;
      for (int i = 0; i < items; i++) {
        if ((set & 1 << i) != 0) {
          in += a[i];
          bytes += d[i];
        }
      }
      if (bytes >= disk && Integer.bitCount(set) >= count) {
        best = Math.min(best, in);
      }
    }

    assertThat(HotRackMatesBound.leastIngress(a, d, m, disk, count))
        .isLessThanOrEqualTo(best + 1e-6);
  }
}
