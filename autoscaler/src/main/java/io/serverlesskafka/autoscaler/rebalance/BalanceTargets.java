package io.serverlesskafka.autoscaler.rebalance;

/**
 * The band every remaining broker's load must end in, per resource. Totals do not depend on the
 * placement (every replica and every leader lands somewhere), so the targets computed from the
 * input hold for any plan.
 *
 * <p><b>Lower bound of the max</b>: the load some broker carries whatever the (rack-safe)
 * placement, the largest of the mean; the hottest single partition (one replica's ingress or size,
 * one leader's egress: its consumers' reads plus what its followers fetch); and the level rack
 * awareness forces on the brokers of small racks ({@link RackForcedLevel}).
 *
 * <p><b>Upper limit</b>: {@code max(maxImbalance × mean, (1 + BOUND_SLACK) × lower bound)}. When
 * the bound is above the mean, the target is 2 % above the physical bound rather than {@code
 * maxImbalance} times it: a hot partition or a small rack already forces that broker up, and
 * nothing else should be added on top of it. Counts are rounded so that a limit is always reachable
 * (never below the rounded-up bound).
 *
 * <p><b>Lower limit</b>: {@code fill level / maxImbalance}; it makes new brokers fill up even when
 * the old ones are already within the upper limit. The fill level is the mean, or less when the
 * mean cannot be reached by every broker: a large rack capped by rack awareness carries less per
 * broker, and when partitions hotter than the mean sit on some brokers, the others share what is
 * left.
 */
public final class BalanceTargets {
  /**
   * How far above the physical lower bound of the max the target sits when that bound exceeds the
   * mean.
   */
  public static final double BOUND_SLACK = 0.02;

  private final double[] mean = new double[BalancedResource.values().length];
  private final double[] single = new double[BalancedResource.values().length];
  private final double[] rack = new double[BalancedResource.values().length];
  private final double[] bound = new double[BalancedResource.values().length];
  private final double[] upper = new double[BalancedResource.values().length];
  private final double[] lower = new double[BalancedResource.values().length];

  /**
   * The ingress the busiest broker holding a hot partition carries when every broker is within its
   * disk and replica-count limits ({@link HotRackMatesBound}); 0 when no partition is that hot.
   */
  private double rackMates;

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
    int resources = BalancedResource.values().length;
    double[] total = new double[resources];
    for (PartitionSpec p : model.partitions()) {
      int rf = p.replicationFactor();
      total[BalancedResource.INGRESS.ordinal()] += (double) p.ingressBytesPerSec() * rf;
      total[BalancedResource.EGRESS.ordinal()] += p.leaderEgressBytesPerSec();
      total[BalancedResource.DISK.ordinal()] += (double) p.sizeBytes() * rf;
      total[BalancedResource.REPLICAS.ordinal()] += rf;
      total[BalancedResource.LEADERS.ordinal()] += 1;
      single[BalancedResource.INGRESS.ordinal()] =
          Math.max(single[BalancedResource.INGRESS.ordinal()], p.ingressBytesPerSec());
      single[BalancedResource.EGRESS.ordinal()] =
          Math.max(single[BalancedResource.EGRESS.ordinal()], p.leaderEgressBytesPerSec());
      single[BalancedResource.DISK.ordinal()] =
          Math.max(single[BalancedResource.DISK.ordinal()], p.sizeBytes());
      single[BalancedResource.REPLICAS.ordinal()] = 1;
      single[BalancedResource.LEADERS.ordinal()] = 1;
    }
    for (int i = 0; i < resources; i++) {
      mean[i] = remaining == 0 ? 0 : total[i] / remaining;
    }
    double[] hotLevel = levelBesideHotPartitions(model, total, remaining);
    RackForcedLevel[] racks = RackForcedLevel.of(model, settings);
    for (BalancedResource r : BalancedResource.values()) {
      int i = r.ordinal();
      rack[i] = racks[i].level();
      bound[i] = Math.max(mean[i], Math.max(single[i], rack[i]));
      double fill = mean[i];
      if (racks[i].level() > 0) {
        fill = Math.min(fill, racks[i].lowestRackLevel());
      }
      fill = Math.min(fill, hotLevel[i]);
      if (r.isCount()) {
        double reachable = Math.ceil(bound[i] - 1e-9);
        upper[i] =
            Math.max(
                reachable,
                Math.floor(Math.max(maxImbalance * mean[i], (1 + BOUND_SLACK) * bound[i]) + 1e-9));
        lower[i] = Math.floor(fill / maxImbalance + 1e-9);
      } else {
        upper[i] = Math.max(maxImbalance * mean[i], (1 + BOUND_SLACK) * bound[i]);
        lower[i] = fill / maxImbalance;
      }
    }
    int in = BalancedResource.INGRESS.ordinal();
    rackMates =
        HotRackMatesBound.of(
            model,
            settings,
            upper[BalancedResource.DISK.ordinal()],
            upper[BalancedResource.REPLICAS.ordinal()],
            hotIngressThreshold());
    if (rackMates > bound[in]) {
      bound[in] = rackMates;
      upper[in] = Math.max(maxImbalance * mean[in], (1 + BOUND_SLACK) * bound[in]);
    }
  }

  /**
   * What the brokers that hold no partition hotter than the mean carry on average when each hotter
   * one sits on a broker of its own: {@code (total − their loads) / (brokers − their count)}. The
   * mean when there is none.
   */
  private static double[] levelBesideHotPartitions(
      ClusterModel model, double[] total, int brokers) {
    int resources = BalancedResource.values().length;
    double[] hot = new double[resources];
    int[] count = new int[resources];
    double[] level = new double[resources];
    for (int i = 0; i < resources; i++) {
      level[i] = brokers == 0 ? 0 : total[i] / brokers;
    }
    for (PartitionSpec p : model.partitions()) {
      int rf = p.replicationFactor();
      count(hot, count, BalancedResource.INGRESS, p.ingressBytesPerSec(), rf, level);
      count(hot, count, BalancedResource.EGRESS, p.leaderEgressBytesPerSec(), 1, level);
      count(hot, count, BalancedResource.DISK, p.sizeBytes(), rf, level);
    }
    for (int i = 0; i < resources; i++) {
      if (count[i] > 0) {
        level[i] = count[i] >= brokers ? 0 : (total[i] - hot[i]) / (brokers - count[i]);
      }
    }
    return level;
  }

  private static void count(
      double[] hot, int[] count, BalancedResource r, double load, int copies, double[] mean) {
    if (load > mean[r.ordinal()]) {
      hot[r.ordinal()] += load * copies;
      count[r.ordinal()] += copies;
    }
  }

  /**
   * A replica hotter than a broker's fair share (the mean) in ingress or disk: the broker holding
   * it cannot also take its floor's worth of other partitions and stay near the bound. Also a
   * replica with more than half a broker's share of ingress ({@link #hotIngressThreshold()}): its
   * broker keeps the rack's coldest partitions per byte ({@link HotRackRepack}), less disk and
   * fewer replicas than the floors ask. (A lower threshold, the width of the band, was tried for
   * ingress and disk: in small clusters it exempted nearly every broker, and new brokers no longer
   * filled evenly; for ingress alone it still caught the hottest ordinary partitions of 24 brokers
   * / 6,000 partitions, about 0.22 × the mean, and changed those plans.)
   */
  public boolean isHotReplica(PartitionSpec p) {
    return p.ingressBytesPerSec() > mean[BalancedResource.INGRESS.ordinal()]
        || p.ingressBytesPerSec() > hotIngressThreshold()
        || p.sizeBytes() > mean[BalancedResource.DISK.ordinal()];
  }

  /** A leadership hotter than a broker's fair share of egress. */
  public boolean isHotLeader(PartitionSpec p) {
    return p.leaderEgressBytesPerSec() > mean[BalancedResource.EGRESS.ordinal()];
  }

  /**
   * Whether a broker is exempt from the lower limit of {@code r}. The broker holding a hot replica
   * must carry little else to stay under its upper limit, so it needs no minimum of replicas,
   * ingress or disk; the broker leading a hot partition needs no minimum of leaderships. Without
   * this the floors keep it above its upper limit: at 48 brokers / 24,000 partitions it would have
   * to lead 454 partitions beside one that alone is 1.15 × the mean egress,.
   */
  public static boolean exemptFromLower(
      BalancedResource r, boolean holdsHotReplica, boolean leadsHotPartition) {
    return switch (r) {
      case INGRESS, DISK, REPLICAS -> holdsHotReplica;
      case LEADERS -> leadsHotPartition;
      case EGRESS -> false;
    };
  }

  /**
   * Whether some partition has more than half a broker's share of ingress ({@link
   * #hotIngressThreshold()}): its broker must then carry the rack's coldest partitions per byte,
   * see {@link HotRackRepack}.
   */
  public boolean hasHotIngress() {
    return rackMates > 0;
  }

  /**
   * Ingress above which a partition is hot in ingress: half a broker's share. Its broker can take
   * at most about half a share of other ingress, and the planner's floors no longer apply to it.
   */
  public double hotIngressThreshold() {
    return HOT_INGRESS_SHARE * mean[BalancedResource.INGRESS.ordinal()];
  }

  private static final double HOT_INGRESS_SHARE = 0.5;

  public static BalanceTargets of(ClusterModel model, PlannerSettings settings) {
    return new BalanceTargets(model, settings);
  }

  public double mean(BalancedResource r) {
    return mean[r.ordinal()];
  }

  /** The largest load one replica (or one leadership) of one partition brings to a broker. */
  public double hottestSingle(BalancedResource r) {
    return single[r.ordinal()];
  }

  /**
   * The level rack awareness forces on some broker ({@link RackForcedLevel}); 0 for egress and
   * leaders.
   */
  public double rackForced(BalancedResource r) {
    return rack[r.ordinal()];
  }

  /**
   * The load some broker must carry whatever the placement: the largest of the mean, the hottest
   * single partition and the rack-forced level.
   */
  public double lowerBoundOfMax(BalancedResource r) {
    return bound[r.ordinal()];
  }

  /**
   * What forces the lower bound of the max above the mean: "partition", "racks", or "" when nothing
   * does.
   */
  public String boundReason(BalancedResource r) {
    int i = r.ordinal();
    if (bound[i] <= mean[i] * (1 + 1e-9)) {
      return "";
    }
    if (r == BalancedResource.INGRESS && rackMates >= bound[i] && rackMates > single[i]) {
      return "disk and replica limits";
    }
    return single[i] >= rack[i] ? "partition" : "racks";
  }

  public double upper(BalancedResource r) {
    return upper[r.ordinal()];
  }

  public double lower(BalancedResource r) {
    return lower[r.ordinal()];
  }

  public int remainingBrokers() {
    return remainingBrokers;
  }

  public double maxImbalance() {
    return maxImbalance;
  }
}
