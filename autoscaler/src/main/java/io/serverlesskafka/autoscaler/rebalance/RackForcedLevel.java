package io.serverlesskafka.autoscaler.rebalance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load per broker that rack awareness forces on the brokers of small racks, whatever the
 * placement.
 *
 * <p>A rack holds at most one replica of a partition (when the partition has no more replicas than
 * there are racks; otherwise at most {@code RF − racks + 1}, since every rack must hold one). So a
 * rack carries at most {@code cap = Σ_p x(p) × perRack(p)} of a resource whose per-replica load is
 * {@code x} — a third of the total when every partition has 3 replicas. Filling racks level by
 * broker count, the largest racks reach that cap first; they are capped and the rest is shared by
 * the others: the level {@code L} solves {@code Σ_racks min(brokers(r) × L, cap) = total}. The
 * uncapped racks carry {@code L} per broker on average, so some broker carries at least {@code L};
 * the capped racks carry {@code cap / brokers(r)} per broker at most.
 *
 * <p>Leadership has no such limit (one rack may lead every partition), so egress and leader counts
 * get none.
 */
final class RackForcedLevel {
  private final double level;
  private final double lowestRackLevel;

  private RackForcedLevel(double level, double lowestRackLevel) {
    this.level = level;
    this.lowestRackLevel = lowestRackLevel;
  }

  /**
   * The level at which some broker must be (the bound), and the lowest per-broker level of any
   * rack.
   */
  double level() {
    return level;
  }

  /**
   * The average per broker of the rack that carries least per broker: a capped large rack, or the
   * level.
   */
  double lowestRackLevel() {
    return lowestRackLevel;
  }

  /**
   * @param total the resource's total over all replicas
   * @param rackCap what one rack can carry at most
   * @param brokersPerRack remaining brokers of each rack (a broker without a rack is a rack of its
   *     own)
   */
  static RackForcedLevel of(double total, double rackCap, List<Integer> brokersPerRack) {
    List<Integer> racks = new ArrayList<>(brokersPerRack);
    racks.sort((a, b) -> Integer.compare(b, a));
    int brokers = 0;
    for (int n : racks) {
      brokers += n;
    }
    if (brokers == 0) {
      return new RackForcedLevel(0, 0);
    }
    double rest = total;
    int uncapped = brokers;
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < racks.size(); i++) {
      double l = rest / uncapped;
      int n = racks.get(i);
      if (n * l <= rackCap * (1 + 1e-12) || i == racks.size() - 1) {
        return new RackForcedLevel(l, Math.min(lowest, l));
      }
      // The largest remaining rack would carry more than a rack can: it carries its cap, the others
      // share the rest.
      rest -= rackCap;
      uncapped -= n;
      lowest = Math.min(lowest, rackCap / n);
    }
    throw new IllegalStateException("unreachable");
  }

  /** Per resource (by ordinal): the rack-forced level, 0 for resources racks do not constrain. */
  static RackForcedLevel[] of(ClusterModel model, PlannerSettings settings) {
    Map<String, Integer> brokersPerRack = new HashMap<>();
    for (BrokerSpec b : model.brokers()) {
      if (!settings.removeBrokers().contains(b.id())) {
        // A broker without a rack is a rack of its own, as in the planner.
        brokersPerRack.merge(
            b.hasRack() ? "rack:" + b.rack() : "broker:" + b.id(), 1, Integer::sum);
      }
    }
    int racks = brokersPerRack.size();
    double[] total = new double[BalancedResource.values().length];
    double[] cap = new double[BalancedResource.values().length];
    for (PartitionSpec p : model.partitions()) {
      int rf = p.replicationFactor();
      int perRack = rf <= racks ? 1 : rf - racks + 1;
      add(total, cap, BalancedResource.INGRESS, p.ingressBytesPerSec(), rf, perRack);
      add(total, cap, BalancedResource.DISK, p.sizeBytes(), rf, perRack);
      add(total, cap, BalancedResource.REPLICAS, 1, rf, perRack);
    }
    RackForcedLevel[] result = new RackForcedLevel[BalancedResource.values().length];
    List<Integer> sizes = new ArrayList<>(brokersPerRack.values());
    for (BalancedResource r : BalancedResource.values()) {
      int i = r.ordinal();
      result[i] = cap[i] == 0 ? new RackForcedLevel(0, 0) : of(total[i], cap[i], sizes);
    }
    return result;
  }

  private static void add(
      double[] total, double[] cap, BalancedResource r, double perReplica, int rf, int perRack) {
    total[r.ordinal()] += perReplica * rf;
    cap[r.ordinal()] += perReplica * perRack;
  }
}
