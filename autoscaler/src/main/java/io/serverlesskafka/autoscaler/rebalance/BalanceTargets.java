package io.serverlesskafka.autoscaler.rebalance;

/**
 * The band every remaining broker's load must end in, per resource. Totals do not depend on the placement
 * (every replica and every leader lands somewhere), so the targets computed from the input hold for any plan.
 *
 * <p>Upper limit: {@code maxImbalance × max(mean, lower bound of the max)}. When one partition alone is
 * hotter than a broker's fair share, or a rack with few brokers must hold a copy of every partition, some broker
 * cannot get under the mean, so the limit is taken relative to that lower bound instead.
 * Counts are rounded so that a limit is always reachable (never below the rounded-up reference).
 *
 * <p>Lower limit: {@code mean / maxImbalance}; it makes new brokers fill up even when the old ones are already
 * within the upper limit. Not enforced for a resource whose lower bound of the max exceeds the mean: then some
 * brokers must carry less than the mean and the band could be out of reach.
 */
public final class BalanceTargets {
  private final double[] mean = new double[Resource.values().length];
  private final double[] single = new double[Resource.values().length];
  private final double[] bound = new double[Resource.values().length];
  private final double[] upper = new double[Resource.values().length];
  private final double[] lower = new double[Resource.values().length];
  private final int remainingBrokers;
  private final double maxImbalance;

  private BalanceTargets(ClusterModel model, PlannerSettings settings) {
    this.maxImbalance = settings.maxImbalance();
    int remaining = 0;
    for (BrokerSpec b : model.brokers()) {
      if (!settings.removeBrokers().contains(b.id())) {
        remaining++;
      }
    }
    this.remainingBrokers = remaining;
    double[] total = new double[Resource.values().length];
    for (PartitionSpec p : model.partitions()) {
      int rf = p.replicationFactor();
      total[Resource.INGRESS.ordinal()] += (double) p.ingressBytesPerSec() * rf;
      total[Resource.EGRESS.ordinal()] += p.leaderEgressBytesPerSec();
      total[Resource.DISK.ordinal()] += (double) p.sizeBytes() * rf;
      total[Resource.REPLICAS.ordinal()] += rf;
      total[Resource.LEADERS.ordinal()] += 1;
      single[Resource.INGRESS.ordinal()] = Math.max(single[Resource.INGRESS.ordinal()], p.ingressBytesPerSec());
      single[Resource.EGRESS.ordinal()] = Math.max(single[Resource.EGRESS.ordinal()], p.leaderEgressBytesPerSec());
      single[Resource.DISK.ordinal()] = Math.max(single[Resource.DISK.ordinal()], p.sizeBytes());
      single[Resource.REPLICAS.ordinal()] = 1;
      single[Resource.LEADERS.ordinal()] = 1;
    }
    double[] rackBound = rackBound(model, settings);
    for (Resource r : Resource.values()) {
      int i = r.ordinal();
      mean[i] = remaining == 0 ? 0 : total[i] / remaining;
      bound[i] = Math.max(single[i], rackBound[i]);
      double reference = Math.max(mean[i], bound[i]);
      boolean hotPartition = bound[i] > mean[i];
      if (r.isCount()) {
        upper[i] = Math.max(Math.ceil(reference - 1e-9), Math.floor(maxImbalance * reference + 1e-9));
        lower[i] = hotPartition ? 0 : Math.floor(mean[i] / maxImbalance + 1e-9);
      } else {
        upper[i] = maxImbalance * reference;
        lower[i] = hotPartition ? 0 : mean[i] / maxImbalance;
      }
    }
  }

  /**
   * When a partition has at least as many replicas as there are racks, every rack holds one of them, so a rack
   * with few brokers carries a full copy of those partitions over those few brokers whatever the placement.
   */
  private static double[] rackBound(ClusterModel model, PlannerSettings settings) {
    java.util.Map<String, Integer> brokersPerRack = new java.util.HashMap<>();
    for (BrokerSpec b : model.brokers()) {
      if (!settings.removeBrokers().contains(b.id())) {
        // A broker without a rack is a rack of its own, as in the planner.
        brokersPerRack.merge(b.hasRack() ? "rack:" + b.rack() : "broker:" + b.id(), 1, Integer::sum);
      }
    }
    double[] result = new double[Resource.values().length];
    if (brokersPerRack.isEmpty()) {
      return result;
    }
    int racks = brokersPerRack.size();
    int smallestRack = java.util.Collections.min(brokersPerRack.values());
    for (PartitionSpec p : model.partitions()) {
      if (p.replicationFactor() >= racks) {
        result[Resource.INGRESS.ordinal()] += p.ingressBytesPerSec();
        result[Resource.DISK.ordinal()] += p.sizeBytes();
        result[Resource.REPLICAS.ordinal()] += 1;
      }
    }
    for (int i = 0; i < result.length; i++) {
      result[i] /= smallestRack;
    }
    return result;
  }

  public static BalanceTargets of(ClusterModel model, PlannerSettings settings) {
    return new BalanceTargets(model, settings);
  }

  public double mean(Resource r) {
    return mean[r.ordinal()];
  }

  /** The largest load one replica (or one leadership) of one partition brings to a broker. */
  public double hottestSingle(Resource r) {
    return single[r.ordinal()];
  }

  /**
   * The load some broker must carry whatever the placement: the hottest single partition, or the share of a
   * rack with few brokers. Targets are relative to it when it exceeds the mean.
   */
  public double lowerBoundOfMax(Resource r) {
    return bound[r.ordinal()];
  }

  public double upper(Resource r) {
    return upper[r.ordinal()];
  }

  public double lower(Resource r) {
    return lower[r.ordinal()];
  }

  public int remainingBrokers() {
    return remainingBrokers;
  }

  public double maxImbalance() {
    return maxImbalance;
  }
}
