package io.serverlesskafka.autoscaler.scaling;

import java.util.Locale;

/**
 * What the LeadTime policy expects the load to reach before a broker asked for now would serve, in
 * brokers' worth of load (the busiest resource's load divided by one broker's capacity of it, so
 * 2.5 = two and a half brokers running at 100 %).
 *
 * @param latest the latest sample
 * @param level mean of the samples of the last minute
 * @param growthPerSecond recent growth (least-squares slope over the metrics window, 0 when
 *     falling)
 * @param noise high quantile of recent upward deviations of a sample from the minute before it
 * @param expected level + growth × (provision time + scale-up stabilization)
 * @param wander the margin learned from the forecast's misses ({@link WanderMemory}): that quantile
 *     of how far the level rose above the peak forecast one lead time earlier, times expected +
 *     noise; 0 when nothing was learned or learning is off
 * @param peak expected + noise + wander: what may arrive before new capacity serves
 * @param upBrokers brokers that keep the peak within the ceiling (at most expected /
 *     targetUtilization, at least what the latest sample needs at 100 %), within [min, max]
 * @param downBrokers the same with the tolerance as extra margin: what a scale-down may go to
 * @param recentHigh the highest one-minute level of the load history (15 minutes)
 */
public record Forecast(
    double latest,
    double level,
    double growthPerSecond,
    double noise,
    double expected,
    double wander,
    double peak,
    int upBrokers,
    int downBrokers,
    double recentHigh) {

  /** The peak before the wander margin: what the forecast's misses are measured against. */
  public double basePeak() {
    return peak - wander;
  }

  /**
   * e.g. "load 4.10 brokers' worth on 5 (level 3.95, growth +0.02/min, noise 0.40): peak 4.42 needs
   * 5", with ", wander 0.31" after the noise when a wander margin was learned.
   */
  public String describe(int requested) {
    return String.format(
        Locale.ROOT,
        "load %.2f brokers' worth on %d (level %.2f, growth %+.2f/min, noise %.2f%s): peak %.2f needs %d",
        latest,
        requested,
        level,
        growthPerSecond * 60,
        noise,
        wander > 0 ? String.format(Locale.ROOT, ", wander %.2f", wander) : "",
        peak,
        upBrokers);
  }
}
