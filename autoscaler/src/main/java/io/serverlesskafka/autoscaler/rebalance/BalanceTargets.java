package io.serverlesskafka.autoscaler.rebalance;

/**
 * The band every remaining broker's load must end in, per resource. Totals do not depend on the placement
 * (every replica and every leader lands somewhere), so the targets computed from the input hold for any plan.
 *
 * <p>Upper limit: {@code maxImbalance × max(mean, hottest single contribution)}. When one partition alone is
 * hotter than a broker's fair share, the broker hosting it cannot get under the mean, so the limit is taken
 * relative to that lower bound instead. Counts are rounded so that a limit is always reachable (never below
 * ⌈mean⌉).
 *
 * <p>Lower limit: {@code mean / maxImbalance}; it makes new brokers fill up even when the old ones are already
 * within the upper limit. Not enforced for a resource with a partition hotter than a fair share, where it may
 * be out of reach.
 */
public final class BalanceTargets {
  private final double[] mean = new double[Resource.values().length];
  private final double[] single = new double[Resource.values().length];
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
    for (Resource r : Resource.values()) {
      int i = r.ordinal();
      mean[i] = remaining == 0 ? 0 : total[i] / remaining;
      double reference = Math.max(mean[i], single[i]);
      boolean hotPartition = single[i] > mean[i];
      if (r.isCount()) {
        upper[i] = Math.max(Math.ceil(mean[i]), Math.floor(maxImbalance * reference + 1e-9));
        lower[i] = hotPartition ? 0 : Math.floor(mean[i] / maxImbalance + 1e-9);
      } else {
        upper[i] = maxImbalance * reference;
        lower[i] = hotPartition ? 0 : mean[i] / maxImbalance;
      }
    }
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
