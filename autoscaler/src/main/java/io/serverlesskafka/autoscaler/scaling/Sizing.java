package io.serverlesskafka.autoscaler.scaling;

import java.util.Locale;

/**
 * The broker count one view of the load calls for, with the numbers behind it.
 *
 * @param basis what load was sized ("latest sample", "5m average")
 * @param load the load sized against
 * @param needed ceil(load / (capacity × target)) of the busiest resource, before dead band and
 *     bounds
 * @param brokers the recommended count: the requested count when inside the dead band, else {@code
 *     needed} within [min, max]
 * @param utilization busiest resource's utilization at the requested count
 * @param withinDeadBand utilization is within the tolerance around the target
 */
public record Sizing(
    String basis,
    ClusterLoad load,
    int needed,
    int brokers,
    Utilization utilization,
    boolean withinDeadBand) {

  /**
   * e.g. "ingress at 1.20 of 3 brokers' capacity (180.0 MiB/s, latest sample; target 0.60 ±10%)
   * needs 6".
   */
  public String describe(int requestedBrokers, AutoscalerSettings settings) {
    ScalingResource resource = utilization.resource();
    return String.format(
        Locale.ROOT,
        "%s at %.2f of %d brokers' capacity (%s, %s; target %.2f ±%.0f%%) needs %d",
        resource.label(),
        utilization.value(),
        requestedBrokers,
        amount(resource, load.of(resource)),
        basis,
        settings.targetUtilization(),
        settings.tolerance() * 100,
        needed);
  }

  private static String amount(ScalingResource resource, double value) {
    return switch (resource) {
      case INGRESS, EGRESS -> String.format(Locale.ROOT, "%.1f MiB/s", value / BrokerCapacity.MIB);
      case DISK -> String.format(Locale.ROOT, "%.1f GiB", value / BrokerCapacity.GIB);
      case PARTITIONS -> String.format(Locale.ROOT, "%.0f partitions", value);
    };
  }
}
