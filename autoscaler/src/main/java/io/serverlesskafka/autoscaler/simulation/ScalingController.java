package io.serverlesskafka.autoscaler.simulation;

import io.serverlesskafka.autoscaler.scaling.Autoscaler;
import io.serverlesskafka.autoscaler.scaling.AutoscalerEventSink;
import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.InMemoryAutoscalerStateStore;
import java.time.Clock;

/**
 * Whatever decides broker counts in a simulation, evaluated once per trace sample: our {@link
 * Autoscaler} or, in the benchmarks, a baseline policy. Both drive the same {@link
 * SimulatedCluster}, so they are judged under the same readiness model.
 */
@FunctionalInterface
public interface ScalingController {
  void evaluate();

  /** Builds a controller for one simulation run. */
  @FunctionalInterface
  interface Factory {
    ScalingController create(Clock clock, SimulatedCluster cluster);
  }

  /** Our autoscaler, the same code the operator runs, with an in-memory state store. */
  static Factory autoscaler(AutoscalerSettings settings) {
    return (clock, cluster) -> {
      Autoscaler autoscaler =
          new Autoscaler(
              "simulation",
              settings,
              clock,
              cluster,
              new InMemoryAutoscalerStateStore(),
              cluster,
              AutoscalerEventSink.NONE);
      return autoscaler::evaluate;
    };
  }
}
