package io.serverlesskafka.autoscaler.scaling;

import java.util.Optional;

/**
 * What the autoscaler remembers between evaluations of one cluster: the metrics window, the recent
 * recommendations and the last scaling. Kept by an {@link AutoscalerStateStore}, so that an
 * operator restart does not restart the stabilization windows (a restart must not cause a premature
 * scale-down).
 */
public final class AutoscalerState {
  private final MetricsWindow metrics;
  private final RecommendationHistory scaleUpRecommendations;
  private final RecommendationHistory scaleDownRecommendations;
  private ScalingRecord lastScaling;
  private ScalingRecord lastScaleUp;
  private final NeedHistory needs;
  private final DipMemory dips;
  private final WanderMemory wander;

  /** A state with nothing remembered but its windows: no need history, dips or forecast misses. */
  public AutoscalerState(
      MetricsWindow metrics,
      RecommendationHistory scaleUpRecommendations,
      RecommendationHistory scaleDownRecommendations,
      ScalingRecord lastScaling,
      ScalingRecord lastScaleUp) {
    this(
        metrics,
        scaleUpRecommendations,
        scaleDownRecommendations,
        lastScaling,
        lastScaleUp,
        new NeedHistory(LeadTimePolicy.MAX_WAIT),
        new DipMemory(),
        new WanderMemory());
  }

  public AutoscalerState(
      MetricsWindow metrics,
      RecommendationHistory scaleUpRecommendations,
      RecommendationHistory scaleDownRecommendations,
      ScalingRecord lastScaling,
      ScalingRecord lastScaleUp,
      NeedHistory needs,
      DipMemory dips,
      WanderMemory wander) {
    this.metrics = metrics;
    this.scaleUpRecommendations = scaleUpRecommendations;
    this.scaleDownRecommendations = scaleDownRecommendations;
    this.lastScaling = lastScaling;
    this.lastScaleUp = lastScaleUp;
    this.needs = needs;
    this.dips = dips;
    this.wander = wander;
  }

  /** Empty state sized for the windows of {@code settings}. */
  public static AutoscalerState initial(AutoscalerSettings settings) {
    return new AutoscalerState(
        new MetricsWindow(metricsLength(settings)),
        new RecommendationHistory(settings.scaleUpStabilization()),
        new RecommendationHistory(settings.scaleDownStabilization()),
        null,
        null);
  }

  /**
   * The load history the policy reads: the metrics window, or the LeadTime policy's longer history.
   */
  static java.time.Duration metricsLength(AutoscalerSettings settings) {
    return settings.policy() == SizingPolicy.LEAD_TIME
        ? LeadTimePolicy.historyLength(settings)
        : settings.metricsWindow();
  }

  /**
   * This state with its load history as long as {@code settings} need, keeping the samples: a state
   * stored by the fixed-target policy (a 5-minute window) continues under the LeadTime policy,
   * which reads 15 minutes.
   */
  public AutoscalerState fittedTo(AutoscalerSettings settings) {
    java.time.Duration length = metricsLength(settings);
    if (metrics.length().equals(length)) {
      return this;
    }
    return new AutoscalerState(
        MetricsWindow.restore(length, metrics.samples()),
        scaleUpRecommendations,
        scaleDownRecommendations,
        lastScaling,
        lastScaleUp,
        needs,
        dips,
        wander);
  }

  public MetricsWindow metrics() {
    return metrics;
  }

  /**
   * LeadTime: the count the forecast needed (with the scale-down margin), as a step function of
   * time.
   */
  public NeedHistory needs() {
    return needs;
  }

  /** LeadTime: what recent dips taught about waiting before a scale-down. */
  public DipMemory dips() {
    return dips;
  }

  /** LeadTime: what the forecast's misses taught about how far the load wanders. */
  public WanderMemory wander() {
    return wander;
  }

  /** Counts the latest samples called for: the scale-up rule reads them. */
  public RecommendationHistory scaleUpRecommendations() {
    return scaleUpRecommendations;
  }

  /** Counts the window averages called for: the scale-down rule reads them. */
  public RecommendationHistory scaleDownRecommendations() {
    return scaleDownRecommendations;
  }

  public Optional<ScalingRecord> lastScaling() {
    return Optional.ofNullable(lastScaling);
  }

  public Optional<ScalingRecord> lastScaleUp() {
    return Optional.ofNullable(lastScaleUp);
  }

  public void recordScaling(ScalingRecord scaling) {
    lastScaling = scaling;
    if (scaling.toBrokers() > scaling.fromBrokers()) {
      lastScaleUp = scaling;
    }
  }
}
