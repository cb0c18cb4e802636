package io.serverlesskafka.benchmarks.rebalance;

import io.serverlesskafka.autoscaler.rebalance.BrokerLimits;
import io.serverlesskafka.autoscaler.rebalance.BrokerSpec;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PartitionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Synthetic clusters for the benchmark: racks (3 of equal size unless a shape says otherwise), RF 3
 * (or a mix of 2 and 3), topic loads Zipf-distributed over topics (s = 1) and over the partitions
 * of a topic (s = 0.6, key skew), per-topic consumer fan-out and retention, and optionally a few
 * partitions hotter than a broker's fair share. Existing data is laid out the way Kafka does when
 * topics are created (its striped placer), so imbalance comes from load skew, as in real clusters.
 */
final class SnapshotGenerator {
  static final long MIB = 1024L * 1024;
  static final long GIB = 1024L * MIB;
  static final int PARTITIONS_PER_TOPIC = 25;

  private SnapshotGenerator() {}

  /**
   * What to generate.
   *
   * @param brokers brokers in the snapshot (old plus new)
   * @param partitions partitions
   * @param placedOn how many of the brokers (the lowest ids) hold the existing data; the others are
   *     new and empty
   * @param rackSizes brokers per rack; brokers are dealt to racks in turn (broker b in rack b mod 3
   *     when even), skipping full racks
   * @param rf2Share share of topics with 2 replicas instead of 3
   * @param hotPartitions partitions made hotter than a broker's fair share (ingress 0.8–1.3 × the
   *     mean broker ingress, fan-out 2–3, one hour of retention)
   */
  record Shape(
      int brokers,
      int partitions,
      int placedOn,
      int[] rackSizes,
      double rf2Share,
      int hotPartitions) {
    static Shape of(int brokers, int partitions, int placedOn) {
      return new Shape(brokers, partitions, placedOn, evenRacks(brokers, 3), 0, 0);
    }

    Shape withRacks(int... sizes) {
      return new Shape(brokers, partitions, placedOn, sizes, rf2Share, hotPartitions);
    }

    Shape withRf2Share(double share) {
      return new Shape(brokers, partitions, placedOn, rackSizes, share, hotPartitions);
    }

    Shape withHotPartitions(int count) {
      return new Shape(brokers, partitions, placedOn, rackSizes, rf2Share, count);
    }

    /** Rack index of every broker. */
    int[] rackOfBroker() {
      int[] rackOf = new int[brokers];
      int[] left = rackSizes.clone();
      int next = 0;
      for (int b = 0; b < brokers; b++) {
        while (left[next % left.length] == 0) {
          next++;
        }
        rackOf[b] = next % left.length;
        left[next % left.length]--;
        next++;
      }
      return rackOf;
    }

    /** Ids of the brokers of rack {@code rack}. */
    Set<Integer> brokersOfRack(int rack) {
      Set<Integer> ids = new TreeSet<>();
      int[] rackOf = rackOfBroker();
      for (int b = 0; b < brokers; b++) {
        if (rackOf[b] == rack) {
          ids.add(b);
        }
      }
      return ids;
    }

    private static int[] evenRacks(int brokers, int racks) {
      int[] sizes = new int[racks];
      for (int b = 0; b < brokers; b++) {
        sizes[b % racks]++;
      }
      return sizes;
    }
  }

  static ClusterModel generate(int brokers, int partitions, int placedOn, long seed) {
    return generate(Shape.of(brokers, partitions, placedOn), seed);
  }

  static ClusterModel generate(Shape shape, long seed) {
    Random random = new Random(seed);
    BrokerLimits capacity = new BrokerLimits(50 * MIB, 100 * MIB, 4096 * GIB);
    List<BrokerSpec> brokerSpecs = new ArrayList<>();
    int[] rackOf = shape.rackOfBroker();
    for (int b = 0; b < shape.brokers(); b++) {
      brokerSpecs.add(new BrokerSpec(b, "rack-" + (char) ('a' + rackOf[b]), capacity));
    }
    int topics = Math.max(1, shape.partitions() / PARTITIONS_PER_TOPIC);
    double[] topicWeight = zipf(topics, 1.0);
    double meanRf = 3 - shape.rf2Share();
    // About 45% of the ingress capacity and 40% of the disk of the brokers that hold data.
    double totalIngress = 0.45 * shape.placedOn() * capacity.ingressBytesPerSec() / meanRf;
    double totalRetained = 0;
    List<double[]> raw = new ArrayList<>();
    for (int t = 0; t < topics; t++) {
      int count = shape.partitions() / topics + (t < shape.partitions() % topics ? 1 : 0);
      double[] partitionWeight = zipf(count, 0.6);
      double fanOut = 1 + random.nextInt(3);
      double retention = 3600.0 * (1 + random.nextInt(72));
      // Drawn only for mixed shapes, so that the other shapes stay the snapshots earlier results
      // were measured on.
      int rf = shape.rf2Share() > 0 && random.nextDouble() < shape.rf2Share() ? 2 : 3;
      for (int p = 0; p < count; p++) {
        double ingress =
            totalIngress * topicWeight[t] * partitionWeight[p] * (0.8 + 0.4 * random.nextDouble());
        double retained = ingress * retention * (0.5 + random.nextDouble());
        totalRetained += retained;
        raw.add(new double[] {t, p, ingress, ingress * fanOut, retained, rf});
      }
    }
    // Hot partitions: each alone carries about a broker's fair share of ingress (RF copies of it),
    // and more egress.
    double meanBrokerIngress = totalIngress * meanRf / shape.placedOn();
    for (int h = 0; h < shape.hotPartitions(); h++) {
      double[] r = raw.get(random.nextInt(raw.size()));
      totalRetained -= r[4];
      r[2] = meanBrokerIngress * (0.8 + 0.5 * random.nextDouble());
      r[3] = r[2] * (2 + random.nextInt(2));
      r[4] = r[2] * 3600;
      totalRetained += r[4];
    }
    double sizeScale = 0.40 * shape.placedOn() * capacity.diskBytes() / meanRf / totalRetained;
    List<PartitionSpec> specs = new ArrayList<>();
    for (double[] r : raw) {
      List<Integer> replicas = r[5] == 2 ? List.of(0, 1) : List.of(0, 1, 2);
      specs.add(
          new PartitionSpec(
              String.format("topic-%05d", (int) r[0]),
              (int) r[1],
              replicas,
              Math.round(r[2]),
              Math.round(r[3]),
              Math.round(r[4] * sizeScale)));
    }
    ClusterModel unplaced = new ClusterModel(brokerSpecs, specs);
    Set<Integer> empty = new TreeSet<>();
    for (int b = shape.placedOn(); b < shape.brokers(); b++) {
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
