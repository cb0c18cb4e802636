package io.serverlesskafka.autoscaler.rebalance;

import java.util.ArrayList;
import java.util.List;

/**
 * How unevenly one resource is spread over the remaining brokers (brokers being removed excluded),
 * with the band of {@link BalanceTargets} it should be in and the lower bound of the max no
 * placement can beat.
 */
/**
 * {@code min} is over the brokers the lower limit applies to (those holding a hot partition may be
 * exempt).
 */
public record ResourceImbalance(
    BalancedResource resource,
    double mean,
    double max,
    double min,
    double upperLimit,
    double lowerLimit,
    double lowerBound,
    String boundReason) {

  /** Imbalance as docs/rebalancer.md defines it: max over brokers / mean over brokers. */
  public double maxOverMean() {
    return mean == 0 ? 1.0 : max / mean;
  }

  /**
   * The lower bound of the max over the mean: 1, or more when a hot partition or the racks force
   * it.
   */
  public double boundOverMean() {
    return mean == 0 ? 1.0 : lowerBound / mean;
  }

  public double minOverMean() {
    return mean == 0 ? 1.0 : min / mean;
  }

  /**
   * The highest max/mean the targets allow: maxImbalance, or more when a single partition is
   * hotter.
   */
  public double targetOverMean() {
    return mean == 0 ? 1.0 : upperLimit / mean;
  }

  public boolean withinUpperLimit() {
    return max <= upperLimit * (1 + 1e-9) + 1e-9;
  }

  public boolean withinLimits() {
    return withinUpperLimit() && min >= lowerLimit * (1 - 1e-9) - 1e-9;
  }

  public static List<ResourceImbalance> measure(ClusterModel model, PlannerSettings settings) {
    return measure(model, settings, BalanceTargets.of(model, settings));
  }

  public static List<ResourceImbalance> measure(
      ClusterModel model, PlannerSettings settings, BalanceTargets targets) {
    List<BrokerLoad> loads = BrokerLoad.of(model);
    // Brokers holding a hot replica or leading a hot partition are exempt from some floors
    // (BalanceTargets).
    java.util.Set<Integer> hotReplica = new java.util.HashSet<>();
    java.util.Set<Integer> hotLeader = new java.util.HashSet<>();
    for (PartitionSpec p : model.partitions()) {
      if (targets.isHotReplica(p)) {
        hotReplica.addAll(p.replicas());
      }
      if (targets.isHotLeader(p)) {
        hotLeader.add(p.leader());
      }
    }
    List<ResourceImbalance> result = new ArrayList<>();
    for (BalancedResource r : BalancedResource.values()) {
      double max = 0;
      double min = Double.MAX_VALUE;
      for (BrokerLoad load : loads) {
        if (settings.removeBrokers().contains(load.brokerId())) {
          continue;
        }
        max = Math.max(max, load.get(r));
        if (!BalanceTargets.exemptFromLower(
            r, hotReplica.contains(load.brokerId()), hotLeader.contains(load.brokerId()))) {
          min = Math.min(min, load.get(r));
        }
      }
      if (min == Double.MAX_VALUE) {
        // No broker the floor applies to (none left, or every one holds a hot partition).
        min = max == 0 ? 0 : targets.mean(r);
      }
      result.add(
          new ResourceImbalance(
              r,
              targets.mean(r),
              max,
              min,
              targets.upper(r),
              targets.lower(r),
              targets.lowerBoundOfMax(r),
              targets.boundReason(r)));
    }
    return result;
  }
}
