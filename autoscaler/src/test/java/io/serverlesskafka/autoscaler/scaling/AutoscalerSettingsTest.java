package io.serverlesskafka.autoscaler.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutoscalerSettingsTest {
  @Test
  void defaultsMirrorTheCrd() {
    AutoscalerSettings settings = AutoscalerSettings.defaults();
    assertThat(settings.minBrokers()).isEqualTo(3);
    assertThat(settings.maxBrokers()).isEqualTo(12);
    assertThat(settings.capacity().ingressBytesPerSec()).isEqualTo(50 * 1024 * 1024);
    assertThat(settings.capacity().egressBytesPerSec()).isEqualTo(100 * 1024 * 1024);
    assertThat(settings.targetUtilization()).isEqualTo(0.6);
    assertThat(settings.tolerance()).isEqualTo(0.1);
    assertThat(settings.metricsWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.scaleUpStabilization()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.scaleDownStabilization()).isEqualTo(Duration.ofMinutes(8));
    assertThat(settings.maxStep()).isZero();
    assertThat(settings.mode()).isEqualTo(ScalingMode.AUTO);
  }

  @Test
  void parsesKubernetesStyleDurations() {
    assertThat(DurationParser.parse("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(DurationParser.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(DurationParser.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationParser.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationParser.parse("0")).isZero();
    assertThat(DurationParser.format(Duration.ofMinutes(15))).isEqualTo("15m");
    assertThatThrownBy(() -> DurationParser.parse("15 minutes"))
        .hasMessageContaining("'15 minutes' is not a duration");
  }

  @Test
  void parsesModesInTheCrdSpelling() {
    assertThat(ScalingMode.parse("RecommendOnly")).isEqualTo(ScalingMode.RECOMMEND_ONLY);
    assertThat(ScalingMode.parse("auto")).isEqualTo(ScalingMode.AUTO);
    assertThatThrownBy(() -> ScalingMode.parse("Manual"))
        .hasMessageContaining("Auto or RecommendOnly");
  }

  @Test
  void rejectsInconsistentSettingsNamingTheField() {
    assertThatThrownBy(() -> AutoscalerSettings.builder().minBrokers(5).maxBrokers(4).build())
        .hasMessageContaining("brokers.max (4) must be >= brokers.min (5)");
    assertThatThrownBy(() -> AutoscalerSettings.builder().targetUtilization(1.5).build())
        .hasMessageContaining("autoscaling.targetUtilization");
    assertThatThrownBy(() -> AutoscalerSettings.builder().maxStep(-1).build())
        .hasMessageContaining("autoscaling.maxStep");
  }
}
