package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;

/**
 * The broker count the current load calls for, with the numbers behind it (they go into every decision's
 * message).
 *
 * @param brokers recommended count, within [min, max]; the requested count when inside the dead band
 * @param needed the count the load calls for before the dead band and bounds
 * @param load the load sized against: the window average, or the latest sample when that saturates
 * @param utilization busiest resource's utilization at the requested count
 * @param withinDeadBand utilization is within the tolerance around the target
 * @param saturated the latest sample exceeds the serving brokers' capacity
 * @param window length of the metrics window averaged over
 */
public record Recommendation(
    int brokers,
    int needed,
    ClusterLoad load,
    Utilization utilization,
    boolean withinDeadBand,
    boolean saturated,
    Duration window) {

  /** e.g. "ingress at 1.20 of 3 brokers' capacity (180.0 MiB/s, 5m average; target 0.60 ±10%), needs 6". */
  public String describe(int requestedBrokers, AutoscalerSettings settings) {
    Resource resource = utilization.resource();
    return String.format(
        java.util.Locale.ROOT,
        "%s at %.2f of %d brokers' capacity (%s, %s; target %.2f ±%.0f%%), load needs %d",
        resource.label(),
        utilization.value(),
        requestedBrokers,
        formatAmount(resource, load.of(resource)),
        saturated ? "latest sample, saturated" : DurationParser.format(window) + " average",
        settings.targetUtilization(),
        settings.tolerance() * 100,
        needed);
  }

  private static String formatAmount(Resource resource, double amount) {
    return switch (resource) {
      case INGRESS, EGRESS -> String.format(java.util.Locale.ROOT, "%.1f MiB/s", amount / BrokerCapacity.MIB);
      case DISK -> String.format(java.util.Locale.ROOT, "%.1f GiB", amount / BrokerCapacity.GIB);
      case PARTITIONS -> String.format(java.util.Locale.ROOT, "%.0f partitions", amount);
    };
  }
}
