package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The scaling rules, as pure functions of the settings, the remembered state and the current
 * metrics.
 *
 * <ul>
 *   <li>Size on the busiest resource: brokers = ceil(load / (capacity × target)), within [min,
 *       max].
 *   <li>A dead band (tolerance) around the target: small wobbles change nothing.
 *   <li>Scale up in one step once the latest samples have needed a higher count for the whole
 *       scale-up stabilization window, to the lowest count needed in it (what was needed the whole
 *       time, so one burst does not decide the size). A saturated cluster does not wait.
 *   <li>Scale down only after the window averages have allowed a lower count for the whole (longer)
 *       scale-down window, to the highest count recommended in it by the averages of load inside
 *       it: removing a broker costs a drain, and undoing a removal costs a provisioning.
 *   <li>Never scale down below what the latest samples have needed throughout the scale-up window:
 *       the averages lag a load that comes back.
 *   <li>Never decide while partitions move or while the previous scaling settles, except a scale-up
 *       while a scale-down is not carried out (brokers Strimzi refused to remove still serve): that
 *       never freezes.
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

  /** What the load calls for now; {@code window} already contains the latest sample. */
  public Recommendation recommend(MetricsWindow window, ClusterMetrics metrics) {
    ClusterLoad latest = metrics.totalLoad();
    ClusterLoad average = window.average().orElse(latest);
    boolean saturated = calculator.saturated(latest, metrics.readyBrokers());
    int requested = metrics.requestedBrokers();
    return new Recommendation(
        size("latest sample" + (saturated ? ", saturated" : ""), latest, requested, saturated),
        size(
            DurationParser.format(settings.metricsWindow()) + " average",
            average,
            requested,
            false),
        saturated);
  }

  private Sizing size(String basis, ClusterLoad load, int requested, boolean saturated) {
    int needed = calculator.brokersFor(load, settings.targetUtilization());
    Utilization utilization = calculator.busiest(load, requested);
    boolean withinDeadBand =
        Math.abs(utilization.value() / settings.targetUtilization() - 1) <= settings.tolerance();
    int brokers = withinDeadBand && !saturated ? settings.clamp(requested) : settings.clamp(needed);
    return new Sizing(basis, load, needed, brokers, utilization, withinDeadBand);
  }

  /**
   * Decides what to do now. The state's recommendation histories already hold {@code
   * recommendation}; the result is not realized yet (the {@link Autoscaler} does that, or not in
   * RecommendOnly mode).
   */
  public ScaleDecision decide(
      AutoscalerState state, ClusterMetrics metrics, Recommendation recommendation, Instant now) {
    int requested = metrics.requestedBrokers();
    int ready = metrics.readyBrokers();
    Sizing up = recommendation.latest();
    Sizing down = recommendation.average();
    Sizing relevant = up.brokers() > requested ? up : down;
    int recommended = relevant.brokers();
    String numbers = relevant.describe(requested, settings);

    if (metrics.reassignmentInProgress()) {
      return hold(
          now,
          DecisionReason.REASSIGNMENT_IN_PROGRESS,
          requested,
          recommended,
          "a partition reassignment is running; " + numbers);
    }
    // More brokers serving than requested is a scale-down Strimzi has not carried out, perhaps
    // refused for good
    // (ScaleDownPreventionCheck): it must not keep a needed scale-up waiting, which raising the
    // count also undoes.
    boolean scaleUpOverRemoval = ready > requested && up.brokers() > requested;
    if (ready != requested && !scaleUpOverRemoval) {
      return hold(
          now,
          DecisionReason.SCALING_IN_PROGRESS,
          requested,
          recommended,
          String.format(
              Locale.ROOT,
              "previous scaling settling: %d brokers serve, %d requested; %s",
              ready,
              requested,
              numbers));
    }
    if (requested != settings.clamp(requested)) {
      return act(
          now,
          DecisionReason.OUTSIDE_BOUNDS,
          requested,
          recommended,
          settings.clamp(requested),
          String.format(
              Locale.ROOT,
              "%d brokers is outside [%d, %d]",
              requested,
              settings.minBrokers(),
              settings.maxBrokers()));
    }
    // The scale-up window restarts at every scaling: counts needed at the old size must not trigger
    // an
    // immediate second step. The scale-down window restarts only at scale-ups: before one, low
    // counts
    // were recorded that the spike since made obsolete; after a scale-down the recorded counts stay
    // valid evidence (counts at or above the new size break the run anyway), so a second step down
    // after a lagging average need not wait a whole window again.
    Instant upNotBefore = state.lastScaling().map(ScalingRecord::time).orElse(Instant.MIN);
    Instant downNotBefore = state.lastScaleUp().map(ScalingRecord::time).orElse(Instant.MIN);

    if (up.brokers() > requested) {
      if (recommendation.saturated()) {
        return act(
            now,
            DecisionReason.SCALE_UP_SATURATED,
            requested,
            recommended,
            step(requested, up.brokers()),
            numbers + "; load above ready capacity, not waiting for stabilization");
      }
      RecommendationHistory history = state.scaleUpRecommendations();
      Duration window = settings.scaleUpStabilization();
      Duration held =
          Duration.between(
              history.runStart(count -> count > requested, upNotBefore, maxGap()).orElse(now), now);
      if (held.compareTo(window) < 0) {
        return hold(
            now,
            DecisionReason.SCALE_UP_STABILIZING,
            requested,
            recommended,
            numbers
                + "; more needed for "
                + DurationParser.format(held)
                + " of "
                + DurationParser.format(window));
      }
      int target = history.minSince(later(now.minus(window), upNotBefore));
      return act(
          now,
          DecisionReason.SCALE_UP,
          requested,
          recommended,
          step(requested, target),
          numbers
              + "; at least "
              + target
              + " needed throughout the last "
              + DurationParser.format(window));
    }
    if (down.brokers() < requested) {
      RecommendationHistory history = state.scaleDownRecommendations();
      Duration window = settings.scaleDownStabilization();
      Duration held =
          Duration.between(
              history.runStart(count -> count < requested, downNotBefore, maxGap()).orElse(now),
              now);
      if (held.compareTo(window) < 0) {
        return hold(
            now,
            DecisionReason.SCALE_DOWN_STABILIZING,
            requested,
            recommended,
            numbers
                + "; fewer enough for "
                + DurationParser.format(held)
                + " of "
                + DurationParser.format(window));
      }
      int highest = history.maxSince(later(averagesWithin(window, now), downNotBefore));
      // The averages lag a load that comes back: never below what the latest samples have needed
      // throughout the scale-up window, or the scale-up rule would undo the removal a minute later.
      Duration upWindow = settings.scaleUpStabilization();
      int latestNeed =
          state.scaleUpRecommendations().minSince(later(now.minus(upWindow), upNotBefore));
      if (latestNeed >= requested) {
        return hold(
            now,
            DecisionReason.LOAD_RISING,
            requested,
            recommended,
            numbers
                + "; but the latest samples needed "
                + latestNeed
                + " throughout the last "
                + DurationParser.format(upWindow));
      }
      int target = Math.max(highest, latestNeed);
      return act(
          now,
          DecisionReason.SCALE_DOWN,
          requested,
          recommended,
          step(requested, target),
          numbers
              + "; highest recommendation in the last "
              + DurationParser.format(window)
              + " is "
              + highest
              + (latestNeed > highest ? ", the latest samples need " + latestNeed : ""));
    }
    return hold(now, steadyReason(up, down), requested, recommended, numbers);
  }

  /**
   * Earliest time whose recommendation sizes only load from the last {@code window}: an average
   * taken at t covers (t - metricsWindow, t], so the averages that lie inside the window start
   * metricsWindow after its beginning (the latest average alone when the window is shorter). The
   * earlier averages still carry load from before the window — after a drop, the level before the
   * drop — and would size the scale-down on load the window was meant to leave behind.
   */
  private Instant averagesWithin(Duration window, Instant now) {
    Instant from = now.minus(window).plus(settings.metricsWindow());
    return from.isAfter(now) ? now : from;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private DecisionReason steadyReason(Sizing up, Sizing down) {
    if (up.withinDeadBand() || down.withinDeadBand()) {
      return DecisionReason.WITHIN_DEAD_BAND;
    }
    if (up.needed() > settings.maxBrokers()) {
      return DecisionReason.AT_MAX_BROKERS;
    }
    if (down.needed() < settings.minBrokers()) {
      return DecisionReason.AT_MIN_BROKERS;
    }
    return DecisionReason.RIGHT_SIZED;
  }

  /**
   * Applies bounds and maxStep: at most that many brokers added or removed at once (0 = no limit).
   */
  private int step(int from, int to) {
    int bounded = settings.clamp(to);
    if (settings.maxStep() == 0) {
      return bounded;
    }
    return from
        + Integer.signum(bounded - from) * Math.min(Math.abs(bounded - from), settings.maxStep());
  }

  private static ScaleDecision hold(
      Instant now, DecisionReason reason, int requested, int recommended, String message) {
    return new ScaleDecision(
        now, ScaleAction.NONE, reason, requested, recommended, requested, false, message);
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

  /**
   * Longest time between two evaluations that still counts as evidence held: the metrics window, at
   * least a minute.
   */
  private Duration maxGap() {
    return settings.metricsWindow().compareTo(Duration.ofMinutes(1)) > 0
        ? settings.metricsWindow()
        : Duration.ofMinutes(1);
  }
}
