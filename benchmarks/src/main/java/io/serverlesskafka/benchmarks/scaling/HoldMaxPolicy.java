package io.serverlesskafka.benchmarks.scaling;

import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.UtilizationCalculator;
import io.serverlesskafka.autoscaler.simulation.ScalingController;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The 15-line baseline of issue 13: size every sample for utilization 0.8 of the busiest resource
 * and hold the highest count of the last 15 minutes. Scale-ups happen at once (the newest count is
 * in the window), scale-downs 15 minutes after the load fell. It knows nothing about provisioning,
 * draining or data.
 */
final class HoldMaxPolicy {
  static final double UTILIZATION = 0.8;
  static final long HOLD_SECONDS = 15 * 60;

  private record Count(long time, int brokers) {}

  static ScalingController.Factory controller(AutoscalerSettings settings) {
    return (clock, cluster) -> {
      UtilizationCalculator calculator = new UtilizationCalculator(settings.capacity());
      Deque<Count> counts = new ArrayDeque<>();
      return () -> {
        long now = clock.instant().getEpochSecond();
        counts.addLast(
            new Count(
                now,
                settings.clamp(calculator.brokersFor(cluster.collect().totalLoad(), UTILIZATION))));
        while (counts.peekFirst().time() <= now - HOLD_SECONDS) {
          counts.removeFirst();
        }
        int desired = counts.stream().mapToInt(Count::brokers).max().orElseThrow();
        if (desired != cluster.requested()) {
          cluster.scaleTo(desired);
        }
      };
    };
  }

  private HoldMaxPolicy() {}
}
