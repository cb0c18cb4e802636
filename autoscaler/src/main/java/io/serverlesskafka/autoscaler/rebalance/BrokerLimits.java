package io.serverlesskafka.autoscaler.rebalance;

/**
 * The planner's ceiling for one broker: it never fills a broker beyond it when the cluster total
 * fits. Not the autoscaler's {@code scaling.BrokerCapacity} (which sizes the pool) nor the CRD's
 * {@code BrokerCapacitySpec} (what a user writes): this one is in whole bytes and counts disk, as
 * the planner's snapshot does.
 */
public record BrokerLimits(long ingressBytesPerSec, long egressBytesPerSec, long diskBytes) {

  /** A capacity that never binds, for models built without capacities (tests, benchmarks). */
  public static final BrokerLimits UNLIMITED =
      new BrokerLimits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

  public long of(BalancedResource resource) {
    return switch (resource) {
      case INGRESS -> ingressBytesPerSec;
      case EGRESS -> egressBytesPerSec;
      case DISK -> diskBytes;
      default -> throw new IllegalArgumentException(resource + " has no capacity");
    };
  }
}
