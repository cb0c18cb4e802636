package io.serverlesskafka.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.AutoscalerState;
import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.DipMemory;
import io.serverlesskafka.autoscaler.scaling.MetricsWindow;
import io.serverlesskafka.autoscaler.scaling.NeedHistory;
import io.serverlesskafka.autoscaler.scaling.RecommendationHistory;
import io.serverlesskafka.autoscaler.scaling.ScalingRecord;
import io.serverlesskafka.autoscaler.scaling.WanderMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state ConfigMap's JSON: the LeadTime policy's parts round-trip, and a state written before
 * them still loads.
 */
class AutoscalerStateJsonTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void roundTripsTheNeedHistoryAndWhatDipsTaught() {
    AutoscalerState state = AutoscalerState.initial(AutoscalerSettings.defaults());
    state.metrics().add(T0, ClusterLoad.ofThroughput(1e6, 2e6));
    state.needs().add(T0, 5, Duration.ofMinutes(5));
    state.needs().add(T0.plusSeconds(15), 4, Duration.ofMinutes(5));
    state.needs().add(T0.plusSeconds(30), 4, Duration.ofMinutes(5));
    state.recordScaling(new ScalingRecord(T0.plusSeconds(30), 5, 4));

    AutoscalerState read = AutoscalerStateJson.read(AutoscalerStateJson.write(state));

    assertThat(read.needs().entries()).isEqualTo(state.needs().entries()).hasSize(2);
    assertThat(read.needs().lastSeen()).isEqualTo(T0.plusSeconds(30));
    assertThat(read.needs().retention()).isEqualTo(state.needs().retention());
    assertThat(read.dips().learned()).isEqualTo(state.dips().learned());
    assertThat(read.metrics().length()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void aStateWrittenBeforeTheLeadTimePolicyLoadsWithNothingLearned() {
    String old =
        """
        {"metrics":{"length":"PT5M","samples":[{"time":"2025-01-01T00:00:00Z","ingressBytesPerSec":1.0E6,\
        "egressBytesPerSec":2.0E6,"diskBytes":0.0,"partitions":0.0}]},\
        "scaleUpRecommendations":{"retention":"PT1M","entries":[{"time":"2025-01-01T00:00:00Z","brokers":3}]},\
        "scaleDownRecommendations":{"retention":"PT8M","entries":[{"time":"2025-01-01T00:00:00Z","brokers":3}]},\
        "lastScaling":{"time":"2024-12-31T23:50:00Z","fromBrokers":3,"toBrokers":4},\
        "lastScaleUp":{"time":"2024-12-31T23:50:00Z","fromBrokers":3,"toBrokers":4}}""";

    AutoscalerState read = AutoscalerStateJson.read(old);

    assertThat(read.needs().isEmpty()).isTrue();
    assertThat(read.needs().retention()).isEqualTo(Duration.ofHours(6));
    assertThat(read.dips().learned()).isZero();
    assertThat(read.wander().forecasts()).isEmpty();
    assertThat(read.wander().margin(0.5)).isZero();
    assertThat(read.lastScaleUp())
        .contains(new ScalingRecord(Instant.parse("2024-12-31T23:50:00Z"), 3, 4));
    // The LeadTime policy reads 15 minutes of load: the 5-minute window's samples carry over.
    AutoscalerState fitted = read.fittedTo(AutoscalerSettings.defaults());
    assertThat(fitted.metrics().length()).isEqualTo(Duration.ofMinutes(15));
    assertThat(fitted.metrics().samples()).isEqualTo(read.metrics().samples());
  }

  @Test
  void anUnknownStretchSurvivesTheRoundTrip() {
    AutoscalerState state = AutoscalerState.initial(AutoscalerSettings.defaults());
    state.needs().add(T0, 3, Duration.ofMinutes(5));
    state.needs().add(T0.plus(Duration.ofMinutes(20)), 3, Duration.ofMinutes(5));

    AutoscalerState read = AutoscalerStateJson.read(AutoscalerStateJson.write(state));

    assertThat(read.needs().entries())
        .extracting(NeedHistory.Entry::brokers)
        .containsExactly(3, NeedHistory.UNKNOWN, 3);
  }

  @Test
  void roundTripsWhatTheForecastsMissesTaught() {
    WanderMemory wander =
        new WanderMemory(
            List.of(
                new WanderMemory.Entry(T0, 2.5), new WanderMemory.Entry(T0.plusSeconds(10), 2.75)),
            new double[] {400.25, 0, 3.5, 1.125},
            T0.plusSeconds(10),
            T0.minusSeconds(600));
    AutoscalerState state =
        new AutoscalerState(
            MetricsWindow.restore(Duration.ofMinutes(15), List.of()),
            RecommendationHistory.restore(Duration.ofMinutes(1), List.of()),
            RecommendationHistory.restore(Duration.ofMinutes(8), List.of()),
            null,
            null,
            new NeedHistory(Duration.ofHours(6)),
            new DipMemory(),
            wander);

    String json = AutoscalerStateJson.write(state);
    AutoscalerState read = AutoscalerStateJson.read(json);

    assertThat(json).contains("\"wander\":{\"forecasts\":[{\"time\":\"2025-01-01T00:00:00Z\"");
    assertThat(read.wander().forecasts()).isEqualTo(wander.forecasts());
    assertThat(read.wander().weights()).containsExactly(400.25, 0, 3.5, 1.125);
    assertThat(read.wander().decayedAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(read.wander().jumpAt()).isEqualTo(T0.minusSeconds(600));
    assertThat(read.wander().margin(0.999)).isEqualTo(wander.margin(0.999));
    // Nothing learned: nothing written.
    assertThat(AutoscalerStateJson.write(AutoscalerState.initial(AutoscalerSettings.defaults())))
        .doesNotContain("wander");
  }
}
