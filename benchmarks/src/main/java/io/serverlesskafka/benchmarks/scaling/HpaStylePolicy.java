package io.serverlesskafka.benchmarks.scaling;

import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.ScalingResource;
import io.serverlesskafka.autoscaler.simulation.ScalingController;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The baseline: what a Kubernetes HorizontalPodAutoscaler (as KEDA configures it) does with a
 * per-broker throughput metric of type AverageValue, with its default behaviour.
 *
 * <ul>
 *   <li>Each metric (ingress, egress): usage ratio = load / (target × capacity × current replicas);
 *       within the 10 % tolerance it proposes the current count, else ceil(load / (target ×
 *       capacity)); the highest proposal over the metrics wins.
 *   <li>Scale-down stabilization 300 s: the highest proposal of the last 300 s (HPA's default).
 *   <li>Scale-up: no stabilization; at most max(100 %, +4 pods) per evaluation (HPA's default
 *       policy).
 *   <li>It reads the latest sample each evaluation and knows nothing about reassignments or brokers
 *       still provisioning or draining, as an HPA does not.
 * </ul>
 */
final class HpaStylePolicy {
  static final double TOLERANCE = 0.1;
  static final Duration SCALE_DOWN_STABILIZATION = Duration.ofSeconds(300);

  private record Proposal(Instant time, int replicas) {}

  private final AutoscalerSettings settings;
  private final Deque<Proposal> proposals = new ArrayDeque<>();

  HpaStylePolicy(AutoscalerSettings settings) {
    this.settings = settings;
  }

  /** The replica count an HPA would set now. */
  int desired(Instant now, ClusterLoad load, int currentReplicas) {
    int proposal = 0;
    for (ScalingResource resource :
        new ScalingResource[] {ScalingResource.INGRESS, ScalingResource.EGRESS}) {
      proposal =
          Math.max(
              proposal,
              proposeFor(load.of(resource), settings.capacity().of(resource), currentReplicas));
    }
    proposals.addLast(new Proposal(now, proposal));
    while (!proposals.isEmpty()
        && proposals.peekFirst().time().isBefore(now.minus(SCALE_DOWN_STABILIZATION))) {
      proposals.removeFirst();
    }
    int desired = proposal;
    if (desired < currentReplicas) {
      int highest = proposals.stream().mapToInt(Proposal::replicas).max().orElse(desired);
      desired = Math.min(currentReplicas, highest);
    }
    int scaleUpLimit = Math.max(2 * currentReplicas, currentReplicas + 4);
    desired = Math.min(desired, scaleUpLimit);
    return settings.clamp(desired);
  }

  private int proposeFor(double load, double perBrokerCapacity, int currentReplicas) {
    double targetPerBroker = settings.targetUtilization() * perBrokerCapacity;
    double usageRatio = load / (targetPerBroker * currentReplicas);
    if (Math.abs(usageRatio - 1) <= TOLERANCE) {
      return currentReplicas;
    }
    return (int) Math.ceil(load / targetPerBroker - 1e-9);
  }

  /** Runs the HPA-style policy against a simulated cluster, once per trace sample. */
  static ScalingController.Factory controller(AutoscalerSettings settings) {
    return (clock, cluster) -> {
      HpaStylePolicy policy = new HpaStylePolicy(settings);
      return () -> {
        var metrics = cluster.collect();
        int desired = policy.desired(clock.instant(), metrics.totalLoad(), cluster.requested());
        if (desired != cluster.requested()) {
          cluster.scaleTo(desired);
        }
      };
    };
  }
}
