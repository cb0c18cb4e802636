package io.serverlesskafka.autoscaler.simulation;

import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.ClusterMetrics;
import io.serverlesskafka.autoscaler.scaling.MetricsSource;
import io.serverlesskafka.autoscaler.scaling.ScaleDecision;
import io.serverlesskafka.autoscaler.scaling.ScalingRealizer;
import java.time.Clock;

/**
 * The cluster a simulation drives: metrics come from the current trace sample spread over the
 * serving brokers (disk: the stored data, see {@link StoredData}), scalings go into the readiness
 * model. No reassignment is modelled separately: moving data onto a new broker is part of
 * provisionSeconds, off a removed one part of drainSeconds; the bytes moved are counted ({@link
 * #bytesMoved()}): a scale-up fills each new broker with its share of the stored data, a scale-down
 * moves each removed broker's share off it.
 */
public final class SimulatedCluster implements MetricsSource, ScalingRealizer {
  private final Clock clock;
  private final ReadinessModel readiness;
  private final StoredData stored;
  private final long stepSeconds;
  private TracePoint current;
  private int lastRequestedChange;
  private double bytesMoved;

  public SimulatedCluster(Clock clock, ReadinessModel readiness) {
    this(clock, readiness, 0, 1);
  }

  public SimulatedCluster(
      Clock clock, ReadinessModel readiness, long retentionSeconds, long stepSeconds) {
    this.clock = clock;
    this.readiness = readiness;
    this.stored = new StoredData(retentionSeconds);
    this.stepSeconds = stepSeconds;
  }

  /** Moves to the next trace sample: its ingress is written (and stored for the retention). */
  void offer(TracePoint point) {
    current = point;
    lastRequestedChange = 0;
    stored.write(point.timeSeconds(), point.ingressBytesPerSec(), stepSeconds);
  }

  long nowSeconds() {
    return clock.instant().getEpochSecond();
  }

  @Override
  public ClusterMetrics collect() {
    long now = nowSeconds();
    return ClusterMetrics.evenlySpread(
        clock.instant(),
        new ClusterLoad(
            current.ingressBytesPerSec(), current.egressBytesPerSec(), stored.bytes(), 0),
        readiness.ready(now),
        readiness.requested(),
        false);
  }

  @Override
  public void realize(ScaleDecision decision) {
    scaleTo(decision.targetBrokers());
  }

  /**
   * Requests a broker count (for controllers that are not an {@code Autoscaler}, e.g. baselines).
   */
  public void scaleTo(int target) {
    int before = readiness.requested();
    readiness.scaleTo(target, nowSeconds());
    lastRequestedChange += target - before;
    if (target > before) {
      bytesMoved += stored.bytes() * (target - before) / target;
    } else if (target < before) {
      bytesMoved += stored.bytes() * (before - target) / before;
    }
  }

  /** Bytes moved by scalings so far: fills of new brokers and drains of removed ones. */
  public double bytesMoved() {
    return bytesMoved;
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
