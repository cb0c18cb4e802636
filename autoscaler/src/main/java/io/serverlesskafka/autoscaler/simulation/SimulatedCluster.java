package io.serverlesskafka.autoscaler.simulation;

import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.ClusterMetrics;
import io.serverlesskafka.autoscaler.scaling.MetricsSource;
import io.serverlesskafka.autoscaler.scaling.ScaleDecision;
import io.serverlesskafka.autoscaler.scaling.ScalingRealizer;
import java.time.Clock;

/**
 * The cluster a simulation drives: metrics come from the current trace sample spread over the serving
 * brokers, scalings go into the readiness model. No reassignment is modelled separately: moving data onto
 * a new broker is part of provisionSeconds, off a removed one part of drainSeconds.
 */
public final class SimulatedCluster implements MetricsSource, ScalingRealizer {
  private final Clock clock;
  private final ReadinessModel readiness;
  private TracePoint current;
  private int lastRequestedChange;

  public SimulatedCluster(Clock clock, ReadinessModel readiness) {
    this.clock = clock;
    this.readiness = readiness;
  }

  /** Moves to the next trace sample. */
  void offer(TracePoint point) {
    current = point;
    lastRequestedChange = 0;
  }

  long nowSeconds() {
    return clock.instant().getEpochSecond();
  }

  @Override
  public ClusterMetrics collect() {
    long now = nowSeconds();
    return ClusterMetrics.evenlySpread(
        clock.instant(),
        ClusterLoad.ofThroughput(current.ingressBytesPerSec(), current.egressBytesPerSec()),
        readiness.ready(now),
        readiness.requested(),
        false);
  }

  @Override
  public void realize(ScaleDecision decision) {
    scaleTo(decision.targetBrokers());
  }

  /** Requests a broker count (for controllers that are not an {@code Autoscaler}, e.g. baselines). */
  public void scaleTo(int target) {
    int before = readiness.requested();
    readiness.scaleTo(target, nowSeconds());
    lastRequestedChange += target - before;
  }

  public int requested() {
    return readiness.requested();
  }

  public int ready() {
    return readiness.ready(nowSeconds());
  }

  public int paid() {
    return readiness.paid(nowSeconds());
  }

  /** Net change of the requested count during the current sample: > 0 scale-up, < 0 scale-down. */
  int changeThisStep() {
    return lastRequestedChange;
  }
}
