package io.serverlesskafka.autoscaler.scaling;

import io.serverlesskafka.autoscaler.simulation.SimulationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Wires an {@link Autoscaler} to the fakes and steps simulated time, one evaluation per step. */
final class AutoscalerHarness {
  static final Duration STEP = Duration.ofSeconds(10);

  final SimulationClock clock = new SimulationClock(Instant.parse("2025-01-01T00:00:00Z"));
  final TestingCluster cluster;
  final TestingEventSink events = new TestingEventSink();
  final InMemoryAutoscalerStateStore store = new InMemoryAutoscalerStateStore();
  final Autoscaler autoscaler;
  final List<ScaleDecision> decisions = new ArrayList<>();

  AutoscalerHarness(AutoscalerSettings settings, int brokers) {
    cluster = new TestingCluster(clock, brokers);
    autoscaler = new Autoscaler("team-a/kafka", settings, clock, cluster, store, cluster, events);
  }

  /** Evaluates once now. */
  ScaleDecision evaluate() {
    ScaleDecision decision = autoscaler.evaluate();
    decisions.add(decision);
    return decision;
  }

  /**
   * Evaluates every {@link #STEP} for {@code duration} at a constant ingress; returns the last
   * decision.
   */
  ScaleDecision run(Duration duration, double ingressMiBps) {
    cluster.load(ingressMiBps);
    ScaleDecision last = null;
    for (Duration elapsed = Duration.ZERO;
        elapsed.compareTo(duration) < 0;
        elapsed = elapsed.plus(STEP)) {
      last = evaluate();
      clock.advance(STEP);
    }
    return last;
  }
}
