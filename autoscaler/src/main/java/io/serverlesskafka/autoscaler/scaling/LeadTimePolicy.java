package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Headroom from lead time: the cluster is sized for what can arrive before a broker asked for now
 * would serve, not for a fixed target utilization, and brokers are removed only when the removal
 * pays.
 *
 * <ul>
 *   <li><b>Forecast</b> (in brokers' worth of load of the busiest resource): level (mean of the
 *       last minute) + recent growth (lasting the whole metrics window) × ({@code provisionTime} +
 *       {@code scaleUpStabilization}) + noise (95th percentile of how far a sample rose above its
 *       neighbours within half a minute, over the last 15 minutes).
 *   <li><b>Size</b> so the forecast stays within {@code maxUtilization} of every resource, with at
 *       most the headroom of {@code targetUtilization} around the current level (so never more
 *       brokers than the fixed-target policy) and at least what the latest sample needs.
 *   <li><b>Scale up</b> at once when the forecast exceeds the requested brokers' full capacity, the
 *       load already exceeds the serving brokers', or the latest sample already exceeds {@code
 *       maxUtilization} of the requested brokers (the reactive guard: the load moved faster than
 *       the forecast knows; to the count that brings that sample back within the ceiling);
 *       otherwise when the ceiling has been exceeded for {@code scaleUpStabilization}. A scale-up
 *       may be asked for while an earlier one is still provisioning, when even the requested count
 *       is not enough.
 *   <li><b>Scale down</b> only after fewer brokers (with {@code tolerance} as extra margin) were
 *       enough for the whole wait: the longest of {@code scaleDownStabilization}, the removal's
 *       break-even (drain + provisioning of a replacement + moving its data both ways) and the dip
 *       length learned from removals that had to be undone ({@link DipMemory}). The target is the
 *       highest count needed during the wait.
 *   <li>Never decide while partitions move; never scale down while a scaling settles.
 * </ul>
 */
public final class LeadTimePolicy {
  /** Samples averaged into the level: short, so a step is followed within a minute. */
  static final Duration LEVEL_WINDOW = Duration.ofMinutes(1);

  /** How long a jump or a burst keeps counting as the load's noise. */
  static final Duration NOISE_WINDOW = Duration.ofMinutes(15);

  static final double NOISE_QUANTILE = 0.95;

  /**
   * The quantile of the forecast's remembered misses added to the headroom ({@link WanderMemory}):
   * high, because what it covers is rare (a level above anything of the last quarter hour within
   * one lead time), and each miss it does not cover may saturate the cluster.
   */
  static final double WANDER_QUANTILE = 0.99;

  /**
   * A scale-down undone within this time (or within its break-even, if longer) was a flap: it
   * teaches a longer wait. An hour: a calm cluster changes direction at most about once an hour.
   */
  static final Duration REGRET_WINDOW = Duration.ofHours(1);

  /**
   * Longest wait before a scale-down, however long the dips learned: the need history is kept this
   * long.
   */
  public static final Duration MAX_WAIT = Duration.ofHours(6);

  private final AutoscalerSettings settings;
  private final UtilizationCalculator calculator;

  public LeadTimePolicy(AutoscalerSettings settings) {
    this.settings = settings;
    this.calculator = new UtilizationCalculator(settings.capacity());
  }

  /** Length of the load history the forecast reads. */
  public static Duration historyLength(AutoscalerSettings settings) {
    return settings.metricsWindow().compareTo(NOISE_WINDOW) > 0
        ? settings.metricsWindow()
        : NOISE_WINDOW;
  }

  /**
   * The forecast from the load history, which already holds the latest sample; no wander margin.
   */
  public Forecast forecast(MetricsWindow history, ClusterMetrics metrics) {
    return forecast(history, metrics, 0);
  }

  /**
   * The forecast from the state's load history (which already holds the latest sample) with the
   * wander margin the state's {@link WanderMemory} learned.
   */
  public Forecast forecast(AutoscalerState state, ClusterMetrics metrics) {
    double margin = settings.wanderMemory().isZero() ? 0 : state.wander().margin(WANDER_QUANTILE);
    return forecast(state.metrics(), metrics, margin);
  }

  /**
   * Compares the level now with what the cluster was prepared for one lead time earlier ({@link
   * WanderMemory}); call before {@link #decide}.
   */
  public void learn(AutoscalerState state, Forecast forecast, Instant now) {
    state
        .wander()
        .observe(
            now,
            forecast.level(),
            forecast.latest(),
            leadTime(),
            settings.wanderMemory(),
            largestWander());
  }

  /**
   * Keeps what the cluster is prepared for now, for the comparison one lead time from now: the
   * higher of the forecast peak (without the wander margin) and the highest one-minute level of the
   * load history (15 minutes) plus the noise. A level the load reached within the last quarter hour
   * is one the cluster was recently sized for and is not a miss when it comes back (an
   * oscillation); a level above all of them is (a walk). Forecasts made before the history spans 14
   * minutes are not kept: they know too little of the noise to be judged.
   */
  public void remember(AutoscalerState state, Forecast forecast, Instant now) {
    List<MetricsWindow.Sample> samples = state.metrics().samples();
    if (samples.isEmpty()
        || Duration.between(samples.get(0).time(), now).compareTo(NOISE_WINDOW.minus(LEVEL_WINDOW))
            < 0) {
      return;
    }
    double prepared = Math.max(forecast.basePeak(), forecast.recentHigh() + forecast.noise());
    state.wander().remember(now, prepared, leadTime(), settings.wanderMemory());
  }

  /** The highest one-minute level of the samples (brokers' worth). */
  private static double recentHigh(double[] t, double[] d) {
    double high = 0, sum = 0;
    int from = 0;
    for (int i = 0; i < t.length; i++) {
      sum += d[i];
      while (t[from] <= t[i] - LEVEL_WINDOW.toSeconds() + 1e-9) {
        sum -= d[from];
        from++;
      }
      high = Math.max(high, sum / (i - from + 1));
    }
    return high;
  }

  /** How far the forecast looks ahead: a broker asked for after the stabilization serves then. */
  Duration leadTime() {
    return settings.provisionTime().plus(settings.scaleUpStabilization());
  }

  /**
   * The largest miss counted as wander: the most headroom ever kept (1 / targetUtilization − 1), at
   * most {@link WanderMemory#LARGEST}. A larger rise is a jump.
   */
  double largestWander() {
    return Math.min(WanderMemory.LARGEST, 1 / settings.targetUtilization() - 1);
  }

  private Forecast forecast(MetricsWindow history, ClusterMetrics metrics, double wanderMargin) {
    Instant now = metrics.time();
    List<MetricsWindow.Sample> samples = history.samples();
    int n = samples.size();
    double[] t = new double[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = Duration.between(now, samples.get(i).time()).toMillis() / 1000.0;
      d[i] = calculator.demand(samples.get(i).load());
    }
    double latest = calculator.demand(metrics.totalLoad());
    double level = mean(t, d, -LEVEL_WINDOW.toSeconds(), latest);
    double growth = growth(t, d, settings.metricsWindow().toSeconds());
    double noise = noise(t, d);
    // Looks as far ahead as a broker asked for at the end of the scale-up stabilization would take
    // to serve.
    double expected = level + growth * leadTime().toSeconds();
    double wander = wanderMargin * (expected + noise);
    double peak = expected + noise + wander;
    // Never more headroom than the fixed target would keep around the current level.
    double most = Math.max(latest, level) / settings.targetUtilization();
    int up = brokers(Math.max(latest, Math.min(peak / settings.ceiling(), most)));
    int down =
        brokers(
            Math.max(
                latest, Math.min(peak / (settings.ceiling() * (1 - settings.tolerance())), most)));
    return new Forecast(
        latest, level, growth, noise, expected, wander, peak, up, down, recentHigh(t, d));
  }

  private int brokers(double demand) {
    return settings.clamp((int) Math.ceil(demand - 1e-9));
  }

  /**
   * Mean of the samples at or after {@code from} seconds (relative to now); {@code fallback} when
   * none.
   */
  private static double mean(double[] t, double[] d, double from, double fallback) {
    double sum = 0;
    int count = 0;
    for (int i = 0; i < t.length; i++) {
      if (t[i] > from - 1e-9) {
        sum += d[i];
        count++;
      }
    }
    return count == 0 ? fallback : sum / count;
  }

  /**
   * Growth that has lasted the whole window: the smaller of the least-squares slopes of its two
   * halves, 0 when either does not rise. A ramp rises in both halves; a step rises in one and says
   * nothing about what comes next (the level has it already), nor does noise.
   */
  private static double growth(double[] t, double[] d, double windowSeconds) {
    double older = slope(t, d, -windowSeconds, -windowSeconds / 2);
    double newer = slope(t, d, -windowSeconds / 2, 0);
    return Math.max(0, Math.min(older, newer));
  }

  /**
   * Least-squares slope per second of the samples in [{@code from}, {@code to}]; 0 with fewer than
   * three.
   */
  private static double slope(double[] t, double[] d, double from, double to) {
    double st = 0, sd = 0;
    int count = 0;
    for (int i = 0; i < t.length; i++) {
      if (t[i] > from - 1e-9 && t[i] <= to + 1e-9) {
        st += t[i];
        sd += d[i];
        count++;
      }
    }
    if (count < 3) {
      return 0;
    }
    double mt = st / count, md = sd / count, num = 0, den = 0;
    for (int i = 0; i < t.length; i++) {
      if (t[i] > from - 1e-9 && t[i] <= to + 1e-9) {
        num += (t[i] - mt) * (d[i] - md);
        den += (t[i] - mt) * (t[i] - mt);
      }
    }
    return den == 0 ? 0 : num / den;
  }

  /**
   * The {@link #NOISE_QUANTILE} of how far each sample of the last {@link #NOISE_WINDOW} rose above
   * its neighbours (the samples within half a {@link #LEVEL_WINDOW} before and after it; falls
   * count as 0): the load's own burstiness. A lasting step is not noise — the samples after it
   * agree with it — so a level change is sized by the level, not kept as headroom for a quarter of
   * an hour.
   */
  private static double noise(double[] t, double[] d) {
    double half = LEVEL_WINDOW.toSeconds() / 2.0;
    List<Double> rises = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < t.length; i++) {
      // Only samples with neighbours on both sides: until the next half minute has been seen, a
      // step up and a
      // burst look the same, and a step up is the level's business.
      if (t[i] < -NOISE_WINDOW.toSeconds() - 1e-9 || t[i] > -half + 1e-9) {
        continue;
      }
      while (t[from] < t[i] - half - 1e-9) {
        from++;
      }
      // A rise counts only above both sides: a sample of a step agrees with the side after it (or,
      // at the top of a
      // step down, with the side before it), so a level change that lasts adds nothing; a burst
      // rises above both.
      double before = 0, after = 0;
      int countBefore = 0, countAfter = 0;
      for (int j = from; j < t.length && t[j] <= t[i] + half + 1e-9; j++) {
        if (j < i) {
          before += d[j];
          countBefore++;
        } else if (j > i) {
          after += d[j];
          countAfter++;
        }
      }
      if (countBefore > 0 && countAfter > 0) {
        rises.add(Math.max(0, d[i] - Math.max(before / countBefore, after / countAfter)));
      }
    }
    if (rises.isEmpty()) {
      return 0;
    }
    rises.sort(null);
    int index = (int) Math.ceil(NOISE_QUANTILE * rises.size()) - 1;
    return rises.get(Math.max(0, Math.min(rises.size() - 1, index)));
  }

  /** How long fewer brokers must have been enough before a removal. */
  public Duration scaleDownWait(AutoscalerState state, ClusterMetrics metrics, Instant now) {
    Duration wait = later(baseWait(metrics), state.dips().wait(now, settings.dipMemory()));
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }

  /**
   * The wait before a removal before anything was learned: stabilization or break-even, the longer.
   */
  Duration baseWait(ClusterMetrics metrics) {
    return later(settings.scaleDownStabilization(), breakEven(metrics));
  }

  /** The removal's break-even with the data a broker holds now. */
  Duration breakEven(ClusterMetrics metrics) {
    int brokers = Math.max(1, metrics.readyBrokers());
    return settings.breakEven(metrics.totalLoad().diskBytes() / brokers);
  }

  /** A scale-down undone within this time teaches a longer wait. */
  Duration regretWindow(ClusterMetrics metrics) {
    return later(REGRET_WINDOW, breakEven(metrics));
  }

  /**
   * Decides what to do now. The state already holds the latest sample, the forecast's count in
   * {@code needs()} and in {@code scaleUpRecommendations()}.
   */
  public ScaleDecision decide(
      AutoscalerState state, ClusterMetrics metrics, Forecast forecast, Instant now) {
    int requested = metrics.requestedBrokers();
    int ready = metrics.readyBrokers();
    int up = forecast.upBrokers();
    String numbers = forecast.describe(requested);

    if (metrics.reassignmentInProgress()) {
      return hold(
          now,
          DecisionReason.REASSIGNMENT_IN_PROGRESS,
          requested,
          up,
          "a partition reassignment is running; " + numbers,
          "a partition reassignment to finish");
    }
    if (ready == requested && requested != settings.clamp(requested)) {
      return act(
          now,
          DecisionReason.OUTSIDE_BOUNDS,
          requested,
          up,
          settings.clamp(requested),
          String.format(
              Locale.ROOT,
              "%d brokers is outside [%d, %d]",
              requested,
              settings.minBrokers(),
              settings.maxBrokers()));
    }
    boolean saturated = forecast.latest() > ready + 1e-9;
    if (up > requested && saturated) {
      // A saturated cluster shows only part of the demand (in the operator, what the brokers
      // manage to take in), so the latest sample is a lower bound: size it with the most headroom.
      up =
          Math.max(
              up,
              settings.clamp(
                  (int) Math.ceil(forecast.latest() / settings.targetUtilization() - 1e-9)));
      return act(
          now,
          DecisionReason.SCALE_UP_SATURATED,
          requested,
          up,
          step(requested, up),
          numbers + "; load above the serving brokers' capacity, not waiting");
    }
    int measured = nearCapacity(forecast, requested);
    if (up > requested && forecast.peak() > requested) {
      return act(
          now,
          DecisionReason.SCALE_UP_FORECAST,
          requested,
          up,
          step(requested, Math.max(up, measured)),
          numbers
              + "; the peak would exceed "
              + requested
              + " brokers before a new one serves, not waiting");
    }
    if (measured > requested) {
      // The reactive guard: a sample already above the ceiling of the requested brokers is
      // evidence that the load moved faster than the forecast knows (a level that wanders has no
      // trend to find, and the one-minute level lags it). Being behind is what saturates, so this
      // waits neither for the scale-up stabilization nor for the level to agree.
      return act(
          now,
          DecisionReason.SCALE_UP_MEASURED,
          requested,
          Math.max(up, measured),
          step(requested, Math.max(up, measured)),
          numbers
              + String.format(
                  Locale.ROOT,
                  "; the latest sample is above the %.2f ceiling of %d brokers, not waiting",
                  settings.ceiling(),
                  requested));
    }
    if (up > requested) {
      if (ready != requested) {
        return hold(
            now,
            DecisionReason.SCALING_IN_PROGRESS,
            requested,
            up,
            settlingMessage(ready, requested, numbers),
            settling(ready, requested));
      }
      Duration window = settings.scaleUpStabilization();
      Instant upNotBefore = state.lastScaling().map(ScalingRecord::time).orElse(Instant.MIN);
      RecommendationHistory history = state.scaleUpRecommendations();
      Duration held =
          Duration.between(
              history.runStart(count -> count > requested, upNotBefore, maxGap()).orElse(now), now);
      if (held.compareTo(window) < 0) {
        return hold(
            now,
            DecisionReason.SCALE_UP_STABILIZING,
            requested,
            up,
            numbers
                + String.format(
                    Locale.ROOT,
                    "; above the %.2f ceiling for %s of %s",
                    settings.ceiling(),
                    DurationParser.format(held),
                    DurationParser.format(window)),
            "scale-up at "
                + minute(now.minus(held).plus(window))
                + " if the peak stays above the ceiling");
      }
      return act(
          now,
          DecisionReason.SCALE_UP,
          requested,
          up,
          step(requested, up),
          numbers
              + String.format(
                  Locale.ROOT,
                  "; above the %.2f ceiling for %s",
                  settings.ceiling(),
                  DurationParser.format(window)));
    }
    if (ready != requested) {
      return hold(
          now,
          DecisionReason.SCALING_IN_PROGRESS,
          requested,
          up,
          settlingMessage(ready, requested, numbers),
          settling(ready, requested));
    }
    if (forecast.downBrokers() < requested) {
      Duration wait = scaleDownWait(state, metrics, now);
      // Evidence for a removal starts after the last scale-up at the earliest: the counts before it
      // were needed
      // from a smaller cluster and say nothing about whether the added brokers can go again.
      Instant notBefore = state.lastScaleUp().map(ScalingRecord::time).orElse(Instant.MIN);
      Duration held =
          state
              .needs()
              .runStart(count -> count < requested)
              .map(start -> Duration.between(start.isBefore(notBefore) ? notBefore : start, now))
              .orElse(Duration.ZERO);
      String why = waitExplained(state, metrics, now, wait);
      if (held.compareTo(wait) < 0) {
        return hold(
            now,
            DecisionReason.SCALE_DOWN_STABILIZING,
            requested,
            forecast.downBrokers(),
            numbers
                + "; fewer enough for "
                + DurationParser.format(held)
                + " of "
                + DurationParser.format(wait)
                + " "
                + why,
            "scale-down not before "
                + minute(now.minus(held).plus(wait))
                + " ("
                + longestPart(state, metrics, now, wait)
                + ")");
      }
      // The counts of the wait's first minute were sized on a level that still held load from
      // before the dip.
      Instant from =
          wait.compareTo(LEVEL_WINDOW.multipliedBy(2)) > 0
              ? now.minus(wait).plus(LEVEL_WINDOW)
              : now.minus(wait);
      int highest = state.needs().maxSince(from);
      return act(
          now,
          DecisionReason.SCALE_DOWN,
          requested,
          forecast.downBrokers(),
          step(requested, highest),
          numbers
              + "; at most "
              + highest
              + " needed throughout the last "
              + DurationParser.format(wait)
              + " "
              + why);
    }
    DecisionReason steady = steadyReason(forecast, requested);
    return hold(
        now,
        steady,
        requested,
        up,
        numbers,
        ScaleDecision.byReason(ScaleAction.NONE, steady, requested, requested));
  }

  /**
   * The reactive guard: when the latest sample already exceeds {@code maxUtilization} of the
   * requested brokers, the count that brings it back within the ceiling (at least the forecast's);
   * otherwise {@code requested}.
   */
  int nearCapacity(Forecast forecast, int requested) {
    if (forecast.latest() <= settings.ceiling() * requested + 1e-9) {
      return requested;
    }
    return Math.max(
        forecast.upBrokers(),
        settings.clamp((int) Math.ceil(forecast.latest() / settings.ceiling() - 1e-9)));
  }

  /** What the wait before a removal is made of: its longest part. */
  private String longestPart(
      AutoscalerState state, ClusterMetrics metrics, Instant now, Duration wait) {
    if (wait.equals(MAX_WAIT)) {
      return "the longest wait, " + DurationParser.format(MAX_WAIT);
    }
    Duration learned = state.dips().wait(now, settings.dipMemory());
    Duration breakEven = breakEven(metrics);
    if (!learned.isZero() && learned.compareTo(wait) >= 0) {
      return "learned from recent dips: " + DurationParser.format(learned);
    }
    if (breakEven.compareTo(settings.scaleDownStabilization()) > 0) {
      return "break-even of a removal: " + DurationParser.format(breakEven);
    }
    return "stabilization " + DurationParser.format(settings.scaleDownStabilization());
  }

  private static String settling(int ready, int requested) {
    return ready < requested
        ? String.format(
            Locale.ROOT,
            "%d added broker%s to serve (%d of %d serve)",
            requested - ready,
            requested - ready == 1 ? "" : "s",
            ready,
            requested)
        : String.format(
            Locale.ROOT,
            "removal of %d broker%s (%d serve, %d requested)",
            ready - requested,
            ready - requested == 1 ? "" : "s",
            ready,
            requested);
  }

  /** A time rounded up to the minute: the same text at every evaluation while the wait stands. */
  static String minute(Instant time) {
    Instant down = time.truncatedTo(ChronoUnit.MINUTES);
    return (down.equals(time) ? down : down.plus(Duration.ofMinutes(1))).toString();
  }

  private String waitExplained(
      AutoscalerState state, ClusterMetrics metrics, Instant now, Duration wait) {
    Duration learned = state.dips().wait(now, settings.dipMemory());
    return "(wait: stabilization "
        + DurationParser.format(settings.scaleDownStabilization())
        + ", break-even "
        + DurationParser.format(breakEven(metrics))
        + (learned.isZero() ? "" : ", learned from recent dips " + DurationParser.format(learned))
        + (wait.equals(MAX_WAIT) ? ", at most " + DurationParser.format(MAX_WAIT) : "")
        + ")";
  }

  private static String settlingMessage(int ready, int requested, String numbers) {
    return String.format(
        Locale.ROOT,
        "previous scaling settling: %d brokers serve, %d requested; %s",
        ready,
        requested,
        numbers);
  }

  private DecisionReason steadyReason(Forecast forecast, int requested) {
    if (forecast.upBrokers() >= settings.maxBrokers() && requested >= settings.maxBrokers()) {
      return DecisionReason.AT_MAX_BROKERS;
    }
    if (requested <= settings.minBrokers()) {
      return DecisionReason.AT_MIN_BROKERS;
    }
    return DecisionReason.RIGHT_SIZED;
  }

  /** Applies bounds and maxStep. */
  private int step(int from, int to) {
    int bounded = settings.clamp(to);
    if (settings.maxStep() == 0) {
      return bounded;
    }
    return from
        + Integer.signum(bounded - from) * Math.min(Math.abs(bounded - from), settings.maxStep());
  }

  /**
   * Longest time between two evaluations that still counts as evidence: the metrics window, at
   * least a minute.
   */
  Duration maxGap() {
    return later(settings.metricsWindow(), Duration.ofMinutes(1));
  }

  private static Duration later(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static ScaleDecision hold(
      Instant now,
      DecisionReason reason,
      int requested,
      int recommended,
      String message,
      String waitingFor) {
    return new ScaleDecision(
        now,
        ScaleAction.NONE,
        reason,
        requested,
        recommended,
        requested,
        false,
        message,
        waitingFor);
  }

  private static ScaleDecision act(
      Instant now,
      DecisionReason reason,
      int requested,
      int recommended,
      int target,
      String message) {
    ScaleAction action =
        target > requested
            ? ScaleAction.SCALE_UP
            : target < requested ? ScaleAction.SCALE_DOWN : ScaleAction.NONE;
    String full =
        message
            + "; "
            + (action == ScaleAction.NONE ? "no change" : "scaling " + requested + " -> " + target);
    return new ScaleDecision(now, action, reason, requested, recommended, target, false, full);
  }
}
