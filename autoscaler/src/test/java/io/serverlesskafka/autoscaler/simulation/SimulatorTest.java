package io.serverlesskafka.autoscaler.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.SizingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static final double MIB = 1024 * 1024;
  private static final AutoscalerSettings SETTINGS =
      AutoscalerSettings.defaults().toBuilder().policy(SizingPolicy.TARGET).build();

  private static Trace trace(long seconds, LongToDoubleFunction ingressMiBps) {
    List<TracePoint> points = new ArrayList<>();
    for (long t = 0; t < seconds; t += 10) {
      double ingress = ingressMiBps.applyAsDouble(t) * MIB;
      points.add(new TracePoint(t, ingress, 2 * ingress));
    }
    return new Trace(points, 10);
  }

  private static SimulationResult simulate(Trace trace) {
    return new Simulator(SETTINGS.capacity(), SimulationSettings.defaults(3))
        .run(trace, ScalingController.autoscaler(SETTINGS));
  }

  @Test
  void steadyLoadAtMinimumCostsMinimumBrokerHoursAndNeverScales() {
    SimulationResult result = simulate(trace(7200, t -> 40));

    assertThat(result.timeline())
        .hasSize(720)
        .allSatisfy(
            row -> {
              assertThat(row.desiredBrokers()).isEqualTo(3);
              assertThat(row.action()).isEmpty();
            });
    assertThat(result.summary().brokerHours()).isEqualTo(6.0);
    assertThat(result.summary().saturatedSeconds()).isZero();
    assertThat(result.summary().oracleBrokerHours()).isEqualTo(2.0);
  }

  @Test
  void spikeIsServedAfterProvisioningAndReleasedAfterScaleDownWindow() {
    SimulationResult result = simulate(trace(3 * 3600, t -> t >= 3600 && t < 5400 ? 300 : 30));

    List<TimelineRow> rows = result.timeline();
    TimelineRow firstUp =
        rows.stream()
            .filter(r -> r.action().equals(TimelineRow.SCALE_UP))
            .findFirst()
            .orElseThrow();
    assertThat(firstUp.timeSeconds()).isEqualTo(3600);
    assertThat(firstUp.desiredBrokers()).isEqualTo(10);
    // Saturated only while the new brokers are provisioned (120 s), then served.
    assertThat(result.summary().saturatedSeconds()).isEqualTo(120);
    assertThat(rows.get(3600 / 10 + 12).readyBrokers()).isEqualTo(10);
    // Nothing removed within the 8-minute window after the spike's end; then back to the minimum in
    // one
    // step (the window's own averages see only the low load), the drain paid for 300 s more.
    assertThat(rows.subList(5400 / 10, (5400 + 480) / 10))
        .allSatisfy(r -> assertThat(r.action()).isEmpty());
    List<TimelineRow> downs =
        rows.stream().filter(r -> r.action().equals(TimelineRow.SCALE_DOWN)).toList();
    assertThat(downs)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.timeSeconds()).isBetween(5400L + 480, 5400L + 540);
              assertThat(r.desiredBrokers()).isEqualTo(3);
            });
    assertThat(result.summary().directionChanges()).isEqualTo(1);
  }

  @Test
  void ridesOutDipsShorterThanTheScaleDownWindow() {
    // 100 ± 20 MiB/s, 20-minute period: 4 brokers at the peaks, the 5-minute average allows 3 for
    // about
    // 6 minutes of each trough, less than the 8-minute window: no removal, so no flapping.
    SimulationResult result =
        simulate(trace(4 * 3600, t -> 100 + 20 * Math.sin(2 * Math.PI * t / 1200.0)));

    assertThat(result.summary().scaleUps()).isEqualTo(1);
    assertThat(result.summary().scaleDowns()).isZero();
    assertThat(result.summary().saturatedSeconds()).isZero();
  }
}
