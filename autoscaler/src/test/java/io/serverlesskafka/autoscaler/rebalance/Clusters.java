package io.serverlesskafka.autoscaler.rebalance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small clusters built in code for the tests. */
final class Clusters {
  static final long MIB = 1024L * 1024;
  static final long GIB = 1024 * MIB;
  static final BrokerLimits BIG = new BrokerLimits(1000 * MIB, 2000 * MIB, 100_000 * GIB);

  private Clusters() {}

  static List<BrokerSpec> brokers(int count, int racks) {
    List<BrokerSpec> brokers = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      brokers.add(new BrokerSpec(b, racks == 0 ? null : "zone-" + (char) ('a' + b % racks), BIG));
    }
    return brokers;
  }

  static PartitionSpec partition(
      String topic,
      int partition,
      List<Integer> replicas,
      long ingressMib,
      long egressMib,
      long sizeGib) {
    return new PartitionSpec(
        topic, partition, replicas, ingressMib * MIB, egressMib * MIB, sizeGib * GIB);
  }

  /**
   * {@code partitions} similar partitions with RF 3 placed round-robin over the first {@code
   * placedOn} brokers, so that the input respects racks and the remaining brokers are empty.
   */
  static ClusterModel uniform(int brokers, int racks, int placedOn, int partitions, long seed) {
    Random random = new Random(seed);
    List<PartitionSpec> specs = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      List<Integer> replicas = List.of(p % placedOn, (p + 1) % placedOn, (p + 2) % placedOn);
      specs.add(
          partition(
              "t",
              p,
              replicas,
              1 + random.nextInt(3),
              1 + random.nextInt(3),
              1 + random.nextInt(3)));
    }
    return new ClusterModel(brokers(brokers, racks), specs);
  }
}
