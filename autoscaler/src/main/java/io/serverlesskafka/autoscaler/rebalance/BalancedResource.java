package io.serverlesskafka.autoscaler.rebalance;

/**
 * The five quantities the planner balances. The ordinal is used as an array index by the planning
 * state, so the byte-rate and disk resources (the ones with a limit in {@link BrokerLimits}) come
 * first.
 */
public enum BalancedResource {
  INGRESS("ingress", true),
  EGRESS("egress", true),
  DISK("disk", true),
  REPLICAS("replicas", false),
  LEADERS("leaders", false);

  /** Number of resources that have a capacity in {@link BrokerLimits}. */
  public static final int WITH_CAPACITY = 3;

  private final String label;
  private final boolean hasCapacity;

  BalancedResource(String label, boolean hasCapacity) {
    this.label = label;
    this.hasCapacity = hasCapacity;
  }

  public String label() {
    return label;
  }

  public boolean hasCapacity() {
    return hasCapacity;
  }

  /**
   * Counts (replicas, leaders) are whole numbers, so their limits are rounded to what a broker can
   * hold.
   */
  public boolean isCount() {
    return !hasCapacity;
  }
}
