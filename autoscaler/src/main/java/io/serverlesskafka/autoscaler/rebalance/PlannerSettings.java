package io.serverlesskafka.autoscaler.rebalance;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the planner is asked for. Defaults mirror {@code ServerlessKafka.spec.rebalancing}.
 *
 * @param maxImbalance every broker's load of every resource must end at most this many times the
 *     mean (or the lower bound when one partition alone is hotter than a fair share), and at least
 *     mean / maxImbalance
 * @param removeBrokers brokers that must end with no replica (a drain before scale-down)
 */
public record PlannerSettings(double maxImbalance, Set<Integer> removeBrokers) {
  public static final double DEFAULT_MAX_IMBALANCE = 1.10;

  public PlannerSettings {
    if (!(maxImbalance >= 1.0) || Double.isInfinite(maxImbalance)) {
      throw new IllegalArgumentException(
          "maxImbalance must be a number >= 1.0, got " + maxImbalance);
    }
    removeBrokers = Set.copyOf(new TreeSet<>(removeBrokers));
  }

  public static PlannerSettings defaults() {
    return new PlannerSettings(DEFAULT_MAX_IMBALANCE, Set.of());
  }

  public PlannerSettings withRemoveBrokers(Set<Integer> brokers) {
    return new PlannerSettings(maxImbalance, brokers);
  }

  public PlannerSettings withMaxImbalance(double value) {
    return new PlannerSettings(value, removeBrokers);
  }
}
