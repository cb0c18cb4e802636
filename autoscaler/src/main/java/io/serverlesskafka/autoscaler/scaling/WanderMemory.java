package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * What the LeadTime policy learned about its own forecast's misses: how far the load's level rose
 * above the peak forecast one lead time earlier. A load that wanders without a trend (a random
 * walk) moves further within a lead time than the last 15 minutes' noise says; the forecast then
 * misses upwards, often. A load whose forecast is right (steady, trending, or jumping between
 * levels it holds) misses rarely. The policy adds a high quantile of the recent misses to its
 * headroom, so only a load that wanders pays for it.
 *
 * <p>Each evaluation compares the level now with the peak (before this margin) forecast one lead
 * time ({@code provisionTime + scaleUpStabilization}) earlier: miss = level / that peak − 1. A miss
 * larger than {@code largest} is a jump (a step or a burst, which no margin below the most headroom
 * pays for: the saturated rule and the sizing to {@code targetUtilization} are for those), not
 * wander; it is not counted, nor are the misses whose forecast was made within a {@link
 * LeadTimePolicy#LEVEL_WINDOW} after it (their one-minute level still held part of the jump).
 *
 * <p>The misses are kept as a histogram in {@value #BIN}-wide bins (bin 0: no miss), each weight
 * halved every {@code wanderMemory}: an observation counts half after one half-life, so a cluster
 * whose load stopped wandering loses the margin over a few half-lives. Bounded: at most {@link
 * #MAX_FORECASTS} pending forecasts and {@code 1 + largest / BIN} bins ({@code largest} is at most
 * {@link #LARGEST}).
 */
public final class WanderMemory {
  /** Width of a histogram bin, as a fraction of the forecast peak. */
  public static final double BIN = 0.01;

  /** Most misses ever counted as wander: a rise beyond double the forecast is a jump. */
  public static final double LARGEST = 1.0;

  /** Most forecasts kept while they wait a lead time to be compared with the load. */
  public static final int MAX_FORECASTS = 64;

  /**
   * Weight of forecasts that held assumed besides those seen (an hour's worth at one evaluation
   * every 10 s): a few early misses do not make a margin.
   */
  static final double PRIOR = 360;

  /**
   * What the cluster was prepared for (brokers' worth, without the wander margin) and when.
   *
   * @param prepared the higher of the forecast peak and the load the requested brokers carry at the
   *     ceiling, both without the wander margin
   */
  public record Entry(Instant time, double prepared) {}

  private final Deque<Entry> forecasts = new ArrayDeque<>();
  private double[] weights = new double[0];
  private Instant decayedAt;
  private Instant jumpAt;

  public WanderMemory() {}

  /**
   * As stored: any part may be missing (a state written before misses were learned). {@code
   * weights} beyond {@link #LARGEST} are dropped, {@code forecasts} beyond {@link #MAX_FORECASTS}
   * (the oldest) too.
   */
  public WanderMemory(List<Entry> forecasts, double[] weights, Instant decayedAt, Instant jumpAt) {
    if (forecasts != null) {
      forecasts.stream()
          .skip(Math.max(0, forecasts.size() - MAX_FORECASTS))
          .forEach(this.forecasts::addLast);
    }
    if (weights != null) {
      this.weights =
          Arrays.stream(weights, 0, Math.min(weights.length, bins(LARGEST)))
              .map(w -> Double.isFinite(w) && w > 0 ? w : 0)
              .toArray();
    }
    this.decayedAt = decayedAt;
    this.jumpAt = jumpAt;
  }

  /** The pending forecasts, oldest first. */
  public List<Entry> forecasts() {
    return List.copyOf(forecasts);
  }

  /**
   * Weight of each bin as of {@link #decayedAt()}: bin 0 the forecasts that were not exceeded, bin
   * i the misses in ((i − 1) × BIN, i × BIN]. Trailing empty bins are left out.
   */
  public double[] weights() {
    int length = weights.length;
    while (length > 0 && weights[length - 1] == 0) {
      length--;
    }
    return Arrays.copyOf(weights, length);
  }

  public Instant decayedAt() {
    return decayedAt;
  }

  /** When the forecast of the last miss counted as a jump was made. */
  public Instant jumpAt() {
    return jumpAt;
  }

  /** Total weight of the misses counted (each counts 1 when seen, halved every half-life). */
  double total() {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    return sum;
  }

  /**
   * The {@code quantile} of the remembered misses, as a fraction of the forecast peak (the upper
   * edge of its bin); 0 when nothing is remembered. Decay scales every bin alike, so it does not
   * change the quantile by itself: newer misses (or their absence) outweigh older ones.
   */
  public double margin(double quantile) {
    double total = total();
    if (!(total > 0)) {
      return 0;
    }
    double needed = quantile * (total + PRIOR);
    double cumulative = PRIOR;
    for (int i = 0; i < weights.length; i++) {
      cumulative += weights[i];
      if (cumulative >= needed - 1e-9 * (total + PRIOR)) {
        return i * BIN;
      }
    }
    return (weights.length - 1) * BIN;
  }

  /**
   * Compares the level now with what the cluster was prepared for one {@code lead} earlier (see
   * {@link #remember}). A {@code halfLife} of 0 turns learning off and forgets everything.
   *
   * @param level the level now (brokers' worth)
   * @param latest the latest sample (brokers' worth): a jump shows in it before the level follows
   * @param largest the largest miss counted as wander (at most {@link #LARGEST})
   */
  void observe(
      Instant now, double level, double latest, Duration lead, Duration halfLife, double largest) {
    if (halfLife.isZero()) {
      forget();
      return;
    }
    Instant due = now.minus(lead);
    Entry base = null;
    while (!forecasts.isEmpty() && !forecasts.peekFirst().time().isAfter(due)) {
      base = forecasts.pollFirst();
    }
    // One older than a lead plus a level window (evaluations stopped) is not compared.
    if (base == null
        || base.time().isBefore(due.minus(LeadTimePolicy.LEVEL_WINDOW))
        || !(base.prepared() > 0)) {
      return;
    }
    double bound = Math.min(largest, LARGEST);
    // The latest sample shows a jump at once; the one-minute level only after a minute.
    if (Math.max(level, latest) / base.prepared() - 1 > bound) {
      jumpAt = base.time();
    } else if (jumpAt == null || base.time().isAfter(jumpAt.plus(LeadTimePolicy.LEVEL_WINDOW))) {
      count(now, level / base.prepared() - 1, halfLife, bound);
    }
  }

  /**
   * Keeps what the cluster is prepared for now (brokers' worth, without the wander margin), for the
   * comparison one {@code lead} from now: at most {@link #MAX_FORECASTS} entries, spaced at least a
   * {@code MAX_FORECASTS / 2}-th of the lead apart.
   */
  void remember(Instant now, double prepared, Duration lead, Duration halfLife) {
    if (halfLife.isZero()) {
      forget();
      return;
    }
    Entry last = forecasts.peekLast();
    Duration spacing = lead.dividedBy(MAX_FORECASTS / 2);
    if (last == null || !Duration.between(last.time(), now).minus(spacing).isNegative()) {
      forecasts.addLast(new Entry(now, prepared));
    }
    while (forecasts.size() > MAX_FORECASTS) {
      forecasts.pollFirst();
    }
  }

  private void forget() {
    forecasts.clear();
    weights = new double[0];
    decayedAt = null;
    jumpAt = null;
  }

  private void count(Instant now, double miss, Duration halfLife, double bound) {
    if (decayedAt != null && now.isAfter(decayedAt)) {
      double factor =
          Math.pow(0.5, (double) Duration.between(decayedAt, now).toMillis() / halfLife.toMillis());
      for (int i = 0; i < weights.length; i++) {
        weights[i] *= factor;
        if (weights[i] < 1e-6) {
          weights[i] = 0;
        }
      }
    }
    decayedAt = now;
    int bin = miss <= 0 ? 0 : Math.min((int) Math.ceil(miss / BIN - 1e-9), bins(bound) - 1);
    if (bin >= weights.length) {
      weights = Arrays.copyOf(weights, bin + 1);
    }
    weights[bin] += 1;
  }

  private static int bins(double largest) {
    return 1 + (int) Math.ceil(largest / BIN - 1e-9);
  }
}
