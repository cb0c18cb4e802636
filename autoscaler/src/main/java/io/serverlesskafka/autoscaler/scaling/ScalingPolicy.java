package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The scaling rules, as pure functions of the settings, the remembered state and the current metrics.
 *
 * <ul>
 *   <li>Size on the busiest resource: brokers = ceil(load / (capacity × target)), within [min, max].
 *   <li>A dead band (tolerance) around the target: small wobbles change nothing.
 *   <li>Scale up in one step once a higher count has been needed for the scale-up stabilization window
 *       (the lowest count needed in that window, so a single burst does not decide the size); when the
 *       serving brokers are already saturated, do not wait.
 *   <li>Scale down only after a lower count has been enough for the whole (longer) scale-down window,
 *       to the highest count recommended in it: removing a broker costs a drain, and undoing a removal
 *       costs a provisioning.
 *   <li>Never decide while partitions move or while the previous scaling settles.
 * </ul>
 */
public final class ScalingPolicy {
  private final AutoscalerSettings settings;
  private final UtilizationCalculator calculator;

  public ScalingPolicy(AutoscalerSettings settings) {
    this.settings = settings;
    this.calculator = new UtilizationCalculator(settings.capacity());
  }

  public AutoscalerSettings settings() {
    return settings;
  }

  /** The count the load calls for now; {@code window} already contains the latest sample. */
  public Recommendation recommend(MetricsWindow window, ClusterMetrics metrics) {
    int requested = metrics.requestedBrokers();
    ClusterLoad latest = metrics.totalLoad();
    ClusterLoad load = window.average().orElse(latest);
    boolean saturated = calculator.saturated(latest, metrics.readyBrokers());
    if (saturated && calculator.brokersFor(latest, settings.targetUtilization())
        > calculator.brokersFor(load, settings.targetUtilization())) {
      // The average lags a step change by half a window; a saturated cluster cannot afford that lag.
      load = latest;
    }
    int needed = calculator.brokersFor(load, settings.targetUtilization());
    Utilization utilization = calculator.busiest(load, requested);
    boolean withinDeadBand =
        Math.abs(utilization.value() / settings.targetUtilization() - 1) <= settings.tolerance();
    int brokers = withinDeadBand && !saturated ? settings.clamp(requested) : settings.clamp(needed);
    return new Recommendation(
        brokers, needed, load, utilization, withinDeadBand, saturated, settings.metricsWindow());
  }

  /**
   * Decides what to do now. {@code state.recommendations()} already holds {@code recommendation}; the
   * result is not realized yet (the {@link Autoscaler} does that, or not in RecommendOnly mode).
   */
  public ScaleDecision decide(
      AutoscalerState state, ClusterMetrics metrics, Recommendation recommendation, Instant now) {
    int requested = metrics.requestedBrokers();
    int ready = metrics.readyBrokers();
    int recommended = recommendation.brokers();
    String numbers = recommendation.describe(requested, settings);

    if (metrics.reassignmentInProgress()) {
      return hold(now, DecisionReason.REASSIGNMENT_IN_PROGRESS, requested, recommended,
          "a partition reassignment is running; " + numbers);
    }
    if (ready != requested) {
      return hold(now, DecisionReason.SCALING_IN_PROGRESS, requested, recommended,
          String.format(Locale.ROOT, "previous scaling settling: %d of %d requested brokers serve; %s",
              ready, requested, numbers));
    }
    if (requested != settings.clamp(requested)) {
      int target = settings.clamp(requested);
      return act(now, DecisionReason.OUTSIDE_BOUNDS, requested, recommended, target,
          String.format(Locale.ROOT, "%d brokers is outside [%d, %d]", requested,
              settings.minBrokers(), settings.maxBrokers()));
    }
    Instant notBefore = state.lastScaling().map(ScalingRecord::time).orElse(Instant.MIN);
    RecommendationHistory history = state.recommendations();

    if (recommended > requested) {
      if (recommendation.saturated()) {
        return act(now, DecisionReason.SCALE_UP_SATURATED, requested, recommended, step(requested, recommended),
            numbers + "; saturated, not waiting for stabilization");
      }
      Duration window = settings.scaleUpStabilization();
      Duration held = heldFor(history.runStart(count -> count > requested, notBefore).orElse(now), now);
      if (held.compareTo(window) < 0) {
        return hold(now, DecisionReason.SCALE_UP_STABILIZING, requested, recommended,
            numbers + "; needed for " + DurationParser.format(held) + " of " + DurationParser.format(window));
      }
      // The lowest count needed throughout the window: what has been needed the whole time.
      int target = history.minSince(now.minus(window));
      return act(now, DecisionReason.SCALE_UP, requested, recommended, step(requested, target),
          numbers + "; at least " + target + " needed for " + DurationParser.format(window));
    }
    if (recommended < requested) {
      Duration window = settings.scaleDownStabilization();
      Duration held = heldFor(history.runStart(count -> count < requested, notBefore).orElse(now), now);
      if (held.compareTo(window) < 0) {
        return hold(now, DecisionReason.SCALE_DOWN_STABILIZING, requested, recommended,
            numbers + "; fewer enough for " + DurationParser.format(held) + " of " + DurationParser.format(window));
      }
      // The highest count recommended in the window: the peak of the last window must still fit.
      int target = history.maxSince(now.minus(window));
      return act(now, DecisionReason.SCALE_DOWN, requested, recommended, step(requested, target),
          numbers + "; highest recommendation in the last " + DurationParser.format(window) + " is " + target);
    }
    DecisionReason reason;
    if (recommendation.withinDeadBand()) {
      reason = DecisionReason.WITHIN_DEAD_BAND;
    } else if (recommendation.needed() > settings.maxBrokers()) {
      reason = DecisionReason.AT_MAX_BROKERS;
    } else if (recommendation.needed() < settings.minBrokers()) {
      reason = DecisionReason.AT_MIN_BROKERS;
    } else {
      reason = DecisionReason.RIGHT_SIZED;
    }
    return hold(now, reason, requested, recommended, numbers);
  }

  /** Applies maxStep: at most that many brokers added or removed at once (0 = no limit). */
  private int step(int from, int to) {
    int bounded = settings.clamp(to);
    if (settings.maxStep() == 0) {
      return bounded;
    }
    return from + Integer.signum(bounded - from) * Math.min(Math.abs(bounded - from), settings.maxStep());
  }

  private static Duration heldFor(Instant runStart, Instant now) {
    return Duration.between(runStart, now);
  }

  private static ScaleDecision hold(
      Instant now, DecisionReason reason, int requested, int recommended, String message) {
    return new ScaleDecision(now, ScaleAction.NONE, reason, requested, recommended, requested, false, message);
  }

  private static ScaleDecision act(
      Instant now, DecisionReason reason, int requested, int recommended, int target, String message) {
    ScaleAction action =
        target > requested ? ScaleAction.SCALE_UP : target < requested ? ScaleAction.SCALE_DOWN : ScaleAction.NONE;
    String full = message + "; " + (action == ScaleAction.NONE ? "no change" : "scaling " + requested + " -> " + target);
    return new ScaleDecision(now, action, reason, requested, recommended, target, false, full);
  }
}
