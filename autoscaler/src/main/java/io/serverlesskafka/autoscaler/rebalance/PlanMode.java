package io.serverlesskafka.autoscaler.rebalance;

import java.util.List;

/**
 * Why a plan is made; derived from the input rather than asked for, so one command covers all
 * three.
 */
public enum PlanMode {
  /** Brokers are being removed: they must end empty (before a scale-down). */
  DRAIN("drain brokers"),
  /** Some brokers hold no replica (just added by a scale-up): they must be filled. */
  FILL("fill new brokers"),
  /** Only the existing brokers: even out hot spots. */
  REBALANCE("rebalance");

  private final String description;

  PlanMode(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public static PlanMode of(ClusterModel model, PlannerSettings settings) {
    if (!settings.removeBrokers().isEmpty()) {
      return DRAIN;
    }
    List<BrokerLoad> loads = BrokerLoad.of(model);
    return loads.stream().anyMatch(l -> l.replicas() == 0) ? FILL : REBALANCE;
  }
}
