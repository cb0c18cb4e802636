package io.serverlesskafka.autoscaler.simulation;

import io.serverlesskafka.autoscaler.scaling.BrokerCapacity;
import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.UtilizationCalculator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a trace through a controller under the readiness model. Per sample: move the clock, offer
 * the load, let the controller decide (it reads the ready brokers, may request a new count), then
 * record ready/paid brokers and whether the load exceeded the ready capacity. The load is spread
 * over the ready brokers; utilization per resource = load / (ready brokers × capacity).
 */
public final class Simulator {
  private final BrokerCapacity capacity;
  private final SimulationSettings settings;

  public Simulator(BrokerCapacity capacity, SimulationSettings settings) {
    this.capacity = capacity;
    this.settings = settings;
  }

  public SimulationResult run(Trace trace, ScalingController.Factory controllerFactory) {
    SimulationClock clock = new SimulationClock(Instant.EPOCH);
    ReadinessModel readiness =
        new ReadinessModel(
            settings.provisionSeconds(), settings.drainSeconds(), settings.initialBrokers());
    SimulatedCluster cluster =
        new SimulatedCluster(clock, readiness, settings.retentionSeconds(), trace.stepSeconds());
    ScalingController controller = controllerFactory.create(clock, cluster);
    UtilizationCalculator utilization = new UtilizationCalculator(capacity);

    List<TimelineRow> rows = new ArrayList<>(trace.points().size());
    long step = trace.stepSeconds();
    int scaleUps = 0;
    int scaleDowns = 0;
    int directionChanges = 0;
    int lastDirection = 0;
    long saturatedSeconds = 0;
    double brokerSeconds = 0;
    double oracleBrokerSeconds = 0;
    int peak = cluster.requested();

    for (TracePoint point : trace.points()) {
      clock.set(Instant.ofEpochSecond(point.timeSeconds()));
      cluster.offer(point);
      controller.evaluate();

      int change = cluster.changeThisStep();
      int direction = Integer.signum(change);
      String action =
          direction > 0 ? TimelineRow.SCALE_UP : direction < 0 ? TimelineRow.SCALE_DOWN : "";
      if (direction > 0) {
        scaleUps++;
      } else if (direction < 0) {
        scaleDowns++;
      }
      if (direction != 0) {
        if (lastDirection != 0 && direction != lastDirection) {
          directionChanges++;
        }
        lastDirection = direction;
      }

      ClusterLoad load =
          ClusterLoad.ofThroughput(point.ingressBytesPerSec(), point.egressBytesPerSec());
      int ready = cluster.ready();
      int paid = cluster.paid();
      boolean saturated = utilization.saturated(load, ready);
      if (saturated) {
        saturatedSeconds += step;
      }
      brokerSeconds += (double) paid * step;
      // The oracle knows the load and gets exactly the brokers it needs at 100 % utilization,
      // instantly.
      oracleBrokerSeconds += (double) utilization.brokersFor(load, 1.0) * step;
      peak = Math.max(peak, cluster.requested());
      rows.add(
          new TimelineRow(
              point.timeSeconds(),
              point.ingressBytesPerSec(),
              point.egressBytesPerSec(),
              cluster.requested(),
              ready,
              paid,
              action,
              saturated));
    }
    SimulationSummary summary =
        new SimulationSummary(
            rows.size(),
            step,
            trace.durationSeconds(),
            scaleUps,
            scaleDowns,
            directionChanges,
            saturatedSeconds,
            brokerSeconds / 3600,
            oracleBrokerSeconds / 3600,
            peak,
            cluster.requested(),
            cluster.bytesMoved() / BrokerCapacity.GIB);
    return new SimulationResult(rows, summary);
  }
}
