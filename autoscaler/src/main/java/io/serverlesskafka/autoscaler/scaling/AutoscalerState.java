package io.serverlesskafka.autoscaler.scaling;

import java.util.Optional;

/**
 * What the autoscaler remembers between evaluations of one cluster: the metrics window, the recent
 * recommendations and the last scaling. Kept by an {@link AutoscalerStateStore}, so that an operator
 * restart does not restart the stabilization windows (a restart must not cause a premature scale-down).
 */
public final class AutoscalerState {
  private final MetricsWindow metrics;
  private final RecommendationHistory scaleUpRecommendations;
  private final RecommendationHistory scaleDownRecommendations;
  private ScalingRecord lastScaling;
  private ScalingRecord lastScaleUp;

  public AutoscalerState(
      MetricsWindow metrics,
      RecommendationHistory scaleUpRecommendations,
      RecommendationHistory scaleDownRecommendations,
      ScalingRecord lastScaling,
      ScalingRecord lastScaleUp) {
    this.metrics = metrics;
    this.scaleUpRecommendations = scaleUpRecommendations;
    this.scaleDownRecommendations = scaleDownRecommendations;
    this.lastScaling = lastScaling;
    this.lastScaleUp = lastScaleUp;
  }

  /** Empty state sized for the windows of {@code settings}. */
  public static AutoscalerState initial(AutoscalerSettings settings) {
    return new AutoscalerState(
        new MetricsWindow(settings.metricsWindow()),
        new RecommendationHistory(settings.scaleUpStabilization()),
        new RecommendationHistory(settings.scaleDownStabilization()),
        null,
        null);
  }

  public MetricsWindow metrics() {
    return metrics;
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
