package io.serverlesskafka.autoscaler.rebalance;

/** What one broker can sustain; the planner never fills a broker beyond it when the cluster total fits. */
public record BrokerCapacity(long ingressBytesPerSec, long egressBytesPerSec, long diskBytes) {

  /** A capacity that never binds, for models built without capacities (tests, benchmarks). */
  public static final BrokerCapacity UNLIMITED = new BrokerCapacity(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

  public long of(Resource resource) {
    return switch (resource) {
      case INGRESS -> ingressBytesPerSec;
      case EGRESS -> egressBytesPerSec;
      case DISK -> diskBytes;
      default -> throw new IllegalArgumentException(resource + " has no capacity");
    };
  }
}
