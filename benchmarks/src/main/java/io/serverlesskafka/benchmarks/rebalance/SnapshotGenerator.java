package io.serverlesskafka.benchmarks.rebalance;

import io.serverlesskafka.autoscaler.rebalance.BrokerCapacity;
import io.serverlesskafka.autoscaler.rebalance.BrokerSpec;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PartitionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic clusters for the benchmark: 3 racks, RF 3, topic loads Zipf-distributed over topics (s = 1) and
 * over the partitions of a topic (s = 0.6, key skew), per-topic consumer fan-out and retention. Existing data is
 * laid out the way Kafka does when topics are created (its striped placer), so imbalance comes from load skew,
 * as in real clusters.
 */
final class SnapshotGenerator {
  static final long MIB = 1024L * 1024;
  static final long GIB = 1024L * MIB;
  static final int PARTITIONS_PER_TOPIC = 25;
  static final int RACKS = 3;
  static final short RF = 3;

  private SnapshotGenerator() {}

  /**
   * @param brokers brokers in the snapshot (old plus new)
   * @param placedOn how many of them (the lowest ids) hold the existing data; the others are new and empty
   */
  static ClusterModel generate(int brokers, int partitions, int placedOn, long seed) {
    Random random = new Random(seed);
    BrokerCapacity capacity = new BrokerCapacity(50 * MIB, 100 * MIB, 4096 * GIB);
    List<BrokerSpec> brokerSpecs = new ArrayList<>();
    for (int b = 0; b < brokers; b++) {
      brokerSpecs.add(new BrokerSpec(b, "rack-" + (char) ('a' + b % RACKS), capacity));
    }
    int topics = Math.max(1, partitions / PARTITIONS_PER_TOPIC);
    double[] topicWeight = zipf(topics, 1.0);
    // About 45% of the ingress capacity and 40% of the disk of the brokers that hold data.
    double totalIngress = 0.45 * placedOn * capacity.ingressBytesPerSec() / RF;
    List<PartitionSpec> specs = new ArrayList<>();
    double[] retention = new double[topics];
    double totalRetained = 0;
    List<double[]> raw = new ArrayList<>();
    for (int t = 0; t < topics; t++) {
      int count = partitions / topics + (t < partitions % topics ? 1 : 0);
      double[] partitionWeight = zipf(count, 0.6);
      double fanOut = 1 + random.nextInt(3);
      retention[t] = 3600.0 * (1 + random.nextInt(72));
      for (int p = 0; p < count; p++) {
        double ingress = totalIngress * topicWeight[t] * partitionWeight[p] * (0.8 + 0.4 * random.nextDouble());
        double retained = ingress * retention[t] * (0.5 + random.nextDouble());
        totalRetained += retained;
        raw.add(new double[] {t, p, ingress, ingress * fanOut, retained});
      }
    }
    double sizeScale = 0.40 * placedOn * capacity.diskBytes() / RF / totalRetained;
    for (double[] r : raw) {
      specs.add(new PartitionSpec(String.format("topic-%05d", (int) r[0]), (int) r[1], List.of(0, 1, 2),
          Math.round(r[2]), Math.round(r[3]), Math.round(r[4] * sizeScale)));
    }
    ClusterModel unplaced = new ClusterModel(brokerSpecs, specs);
    Set<Integer> empty = new java.util.TreeSet<>();
    for (int b = placedOn; b < brokers; b++) {
      empty.add(b);
    }
    return KafkaPlacement.place(unplaced, empty, seed);
  }

  private static double[] zipf(int n, double s) {
    double[] w = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 1.0 / Math.pow(i + 1, s);
      sum += w[i];
    }
    for (int i = 0; i < n; i++) {
      w[i] /= sum;
    }
    return w;
  }
}
