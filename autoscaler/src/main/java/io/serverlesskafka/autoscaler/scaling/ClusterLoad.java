package io.serverlesskafka.autoscaler.scaling;

/**
 * Cluster-wide totals of what the brokers carry. Sizing works on totals because the rebalancer
 * spreads partitions over the brokers: the count needed depends on the total, imbalance is the
 * rebalancer's job.
 */
public record ClusterLoad(
    double ingressBytesPerSec, double egressBytesPerSec, double diskBytes, double partitions) {

  public static final ClusterLoad ZERO = new ClusterLoad(0, 0, 0, 0);

  public static ClusterLoad ofThroughput(double ingressBytesPerSec, double egressBytesPerSec) {
    return new ClusterLoad(ingressBytesPerSec, egressBytesPerSec, 0, 0);
  }

  public double of(ScalingResource resource) {
    return switch (resource) {
      case INGRESS -> ingressBytesPerSec;
      case EGRESS -> egressBytesPerSec;
      case DISK -> diskBytes;
      case PARTITIONS -> partitions;
    };
  }

  public ClusterLoad plus(ClusterLoad other) {
    return new ClusterLoad(
        ingressBytesPerSec + other.ingressBytesPerSec,
        egressBytesPerSec + other.egressBytesPerSec,
        diskBytes + other.diskBytes,
        partitions + other.partitions);
  }

  public ClusterLoad dividedBy(double divisor) {
    return new ClusterLoad(
        ingressBytesPerSec / divisor,
        egressBytesPerSec / divisor,
        diskBytes / divisor,
        partitions / divisor);
  }
}
