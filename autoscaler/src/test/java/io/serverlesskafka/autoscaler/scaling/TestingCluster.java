package io.serverlesskafka.autoscaler.scaling;

import io.serverlesskafka.autoscaler.simulation.SimulationClock;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written fake cluster: metrics source and realizer at once. Realized scalings change the
 * requested count; brokers serve only when the test calls {@link #settle()} (or at once with {@code
 * instantReady}).
 */
final class TestingCluster implements MetricsSource, ScalingRealizer {
  private final SimulationClock clock;
  private double ingressMiBps;
  private double egressMiBps;
  private int requested;
  private int ready;
  private boolean reassignment;
  private boolean instantReady = true;
  private boolean refuseScaleDowns;
  final List<ScaleDecision> realized = new ArrayList<>();

  TestingCluster(SimulationClock clock, int brokers) {
    this.clock = clock;
    this.requested = brokers;
    this.ready = brokers;
  }

  void load(double ingressMiBps) {
    this.ingressMiBps = ingressMiBps;
    this.egressMiBps = 0;
  }

  void reassignment(boolean running) {
    reassignment = running;
  }

  /** New brokers wait for {@link #settle()} instead of serving at once. */
  void slowReadiness() {
    instantReady = false;
  }

  /**
   * Scale-downs are refused, as Strimzi refuses to remove brokers that hold replicas: the brokers
   * keep serving.
   */
  void refuseScaleDowns() {
    refuseScaleDowns = true;
  }

  void settle() {
    ready = requested;
  }

  int requested() {
    return requested;
  }

  int ready() {
    return ready;
  }

  @Override
  public ClusterMetrics collect() {
    return ClusterMetrics.evenlySpread(
        clock.instant(),
        ClusterLoad.ofThroughput(
            ingressMiBps * BrokerCapacity.MIB, egressMiBps * BrokerCapacity.MIB),
        ready,
        requested,
        reassignment);
  }

  @Override
  public void realize(ScaleDecision decision) {
    realized.add(decision);
    requested = decision.targetBrokers();
    if (refuseScaleDowns && requested < ready) {
      return;
    }
    if (instantReady) {
      ready = requested;
    }
  }
}
