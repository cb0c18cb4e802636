package io.serverlesskafka.autoscaler.simulation;

import java.util.Locale;

/**
 * The numbers a simulation is judged by.
 *
 * @param saturatedSeconds seconds during which load exceeded the ready brokers' capacity (any
 *     resource)
 * @param brokerHours brokers paid for (provisioning, serving and draining) integrated over the
 *     trace
 * @param oracleBrokerHours a clairvoyant oracle's cost: ceil(load / capacity) brokers at every
 *     sample, ready instantly, no minimum (a lower bound no real policy reaches)
 * @param directionChanges scale actions whose direction differs from the previous action's
 * @param gibMoved data moved by scalings (GiB): each scale-up fills the new brokers with their
 *     share of the stored data, each scale-down moves the removed brokers' share off them ({@link
 *     SimulationSettings#retentionSeconds()})
 */
public record SimulationSummary(
    int samples,
    long stepSeconds,
    long durationSeconds,
    int scaleUps,
    int scaleDowns,
    int directionChanges,
    long saturatedSeconds,
    double brokerHours,
    double oracleBrokerHours,
    int peakBrokers,
    int finalBrokers,
    double gibMoved) {

  public double hours() {
    return durationSeconds / 3600.0;
  }

  public double directionChangesPerHour() {
    return hours() == 0 ? 0 : directionChanges / hours();
  }

  /** Broker-hours as a multiple of the oracle's (1.0 = clairvoyant). */
  public double costVersusOracle() {
    return oracleBrokerHours == 0 ? Double.NaN : brokerHours / oracleBrokerHours;
  }

  /** Multi-line, human-readable summary printed by {@code simulate}. */
  public String format() {
    return String.format(
        Locale.ROOT,
        """
        samples:                  %d (every %d s, %.2f h)
        scale-ups / scale-downs:  %d / %d
        direction changes:        %d (%.2f per hour)
        saturated seconds:        %d (load above ready capacity)
        broker-hours:             %.2f (oracle %.2f, %.2fx)
        peak / final brokers:     %d / %d
        data moved:               %.1f GiB (filling new brokers, draining removed ones)
        """,
        samples,
        stepSeconds,
        hours(),
        scaleUps,
        scaleDowns,
        directionChanges,
        directionChangesPerHour(),
        saturatedSeconds,
        brokerHours,
        oracleBrokerHours,
        costVersusOracle(),
        peakBrokers,
        finalBrokers,
        gibMoved);
  }
}
