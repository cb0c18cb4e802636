package io.serverlesskafka.autoscaler.scaling;

/**
 * What one broker can carry ({@code spec.brokers.capacity}). Ingress and egress are required; disk
 * and partitions are optional because many clusters are throughput-bound and size disks generously:
 * a value of 0 means "not a limit" and that resource is then ignored.
 *
 * @param ingressBytesPerSec bytes/s producers (and replication) can write to one broker
 * @param egressBytesPerSec bytes/s consumers (and replication) can read from one broker
 * @param diskBytes usable log storage of one broker, 0 = not limited
 * @param partitions partition replicas one broker may host, 0 = not limited
 */
public record BrokerCapacity(
    double ingressBytesPerSec, double egressBytesPerSec, double diskBytes, long partitions) {

  public static final double MIB = 1024.0 * 1024.0;
  public static final double GIB = MIB * 1024.0;

  public BrokerCapacity {
    if (!(ingressBytesPerSec > 0)) {
      throw new IllegalArgumentException(
          "capacity.ingressMiBps must be > 0, was " + ingressBytesPerSec / MIB);
    }
    if (!(egressBytesPerSec > 0)) {
      throw new IllegalArgumentException(
          "capacity.egressMiBps must be > 0, was " + egressBytesPerSec / MIB);
    }
    if (diskBytes < 0 || Double.isNaN(diskBytes)) {
      throw new IllegalArgumentException("capacity.diskGiB must be >= 0 (0 = not limited)");
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("capacity.partitions must be >= 0 (0 = not limited)");
    }
  }

  /** The CRD's units: MiB/s for throughput. Disk and partitions not limited. */
  public static BrokerCapacity ofMiBps(double ingressMiBps, double egressMiBps) {
    return new BrokerCapacity(ingressMiBps * MIB, egressMiBps * MIB, 0, 0);
  }

  /** Capacity of one broker for a resource; 0 when that resource is not limited. */
  public double of(ScalingResource resource) {
    return switch (resource) {
      case INGRESS -> ingressBytesPerSec;
      case EGRESS -> egressBytesPerSec;
      case DISK -> diskBytes;
      case PARTITIONS -> partitions;
    };
  }

  public boolean limits(ScalingResource resource) {
    return of(resource) > 0;
  }
}
