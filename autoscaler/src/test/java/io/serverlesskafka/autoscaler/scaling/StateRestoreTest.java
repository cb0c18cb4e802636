package io.serverlesskafka.autoscaler.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a state store writes out can be read back into windows that behave as the originals did. */
class StateRestoreTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void restoredMetricsWindowKeepsTheSamplesAndTheAverage() {
    MetricsWindow window = new MetricsWindow(Duration.ofMinutes(1));
    for (int i = 0; i < 10; i++) {
      window.add(T0.plusSeconds(15L * i), ClusterLoad.ofThroughput(i, 2 * i));
    }

    MetricsWindow restored = MetricsWindow.restore(window.length(), window.samples());

    assertThat(restored.samples()).isEqualTo(window.samples());
    assertThat(restored.average()).isEqualTo(window.average());
    assertThat(restored.length()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void restoringSamplesOutOfOrderIsRefused() {
    List<MetricsWindow.Sample> samples =
        List.of(
            new MetricsWindow.Sample(T0.plusSeconds(30), ClusterLoad.ZERO),
            new MetricsWindow.Sample(T0, ClusterLoad.ZERO));
    assertThatThrownBy(() -> MetricsWindow.restore(Duration.ofMinutes(1), samples))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void restoredHistoryKeepsTheEntriesAndAnswersTheSame() {
    RecommendationHistory history = new RecommendationHistory(Duration.ofMinutes(2));
    for (int i = 0; i < 20; i++) {
      history.add(T0.plusSeconds(15L * i), 3 + i % 4);
    }

    RecommendationHistory restored =
        RecommendationHistory.restore(history.retention(), history.entries());

    assertThat(restored.entries()).isEqualTo(history.entries());
    Instant from = T0.plusSeconds(200);
    assertThat(restored.maxSince(from)).isEqualTo(history.maxSince(from));
    assertThat(restored.minSince(from)).isEqualTo(history.minSince(from));
    assertThat(restored.runStart(b -> b >= 4, T0, java.time.Duration.ofMinutes(5)))
        .isEqualTo(history.runStart(b -> b >= 4, T0, java.time.Duration.ofMinutes(5)));
  }
}
