package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.util.Optional;

/**
 * What the autoscaler remembers between evaluations of one cluster: the metrics window, the recent
 * recommendations and the last scaling. Kept by an {@link AutoscalerStateStore}, so that an operator
 * restart does not restart the stabilization windows (a restart must not cause a premature scale-down).
 */
public final class AutoscalerState {
  private final MetricsWindow metrics;
  private final RecommendationHistory recommendations;
  private ScalingRecord lastScaling;

  public AutoscalerState(MetricsWindow metrics, RecommendationHistory recommendations, ScalingRecord lastScaling) {
    this.metrics = metrics;
    this.recommendations = recommendations;
    this.lastScaling = lastScaling;
  }

  /** Empty state sized for the windows of {@code settings}. */
  public static AutoscalerState initial(AutoscalerSettings settings) {
    Duration longest =
        settings.scaleUpStabilization().compareTo(settings.scaleDownStabilization()) > 0
            ? settings.scaleUpStabilization()
            : settings.scaleDownStabilization();
    return new AutoscalerState(
        new MetricsWindow(settings.metricsWindow()), new RecommendationHistory(longest), null);
  }

  public MetricsWindow metrics() {
    return metrics;
  }

  public RecommendationHistory recommendations() {
    return recommendations;
  }

  public Optional<ScalingRecord> lastScaling() {
    return Optional.ofNullable(lastScaling);
  }

  public void recordScaling(ScalingRecord scaling) {
    lastScaling = scaling;
  }
}
