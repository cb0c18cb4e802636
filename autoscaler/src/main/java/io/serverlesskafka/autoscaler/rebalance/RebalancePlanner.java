package io.serverlesskafka.autoscaler.rebalance;

import java.util.Set;

/**
 * Plans partition moves so that no broker runs hot while as little data as possible moves.
 *
 * <p>Order of work, from hard rules to cheap fixes to expensive ones: (1) brokers being removed are
 * emptied and every partition is spread over min(RF, racks) racks; (2) when rebalancing in place,
 * leadership changes even out leaders and egress (no data moves; when filling or draining, the many
 * moves that follow would undo it); (3) replica moves even out ingress, disk and replica counts,
 * best cost reduction per byte first; (4) leadership again for what the moves changed; (5) only if
 * egress or leaders are still out of band, replica moves that also count them, then leadership once
 * more. Pure and deterministic: the same input gives the same plan.
 */
public final class RebalancePlanner {
  /**
   * Per-move overhead, in mean partition sizes, when moving data is optional (see
   * ReplicaMoveBalancer).
   */
  private static final double IN_PLACE_MOVE_OVERHEAD = 0.1;

  private static final double FILL_OR_DRAIN_MOVE_OVERHEAD = 1.0;

  public RebalanceResult plan(ClusterModel model, PlannerSettings settings) {
    checkRequest(model, settings);
    BalanceTargets targets = BalanceTargets.of(model, settings);
    PlanMode mode = PlanMode.of(model, settings);
    if (mode == PlanMode.REBALANCE && alreadyWithinTargets(model, settings, targets)) {
      // The planner aims a little inside the upper limit; a cluster that is inside it already is
      // left alone.
      return new RebalanceResult(
          model, model, settings, mode, ReassignmentPlan.between(model, model));
    }
    PlanningState state = new PlanningState(model, settings, targets);
    PlacementCost all = new PlacementCost(state, targets, PlacementCost.allWeights());

    HardRuleRepair hardRules = new HardRuleRepair(state, all);
    hardRules.drainRemovedBrokers();
    hardRules.spreadOverRacks();

    LeadershipBalancer leadership =
        new LeadershipBalancer(
            state, new PlacementCost(state, targets, PlacementCost.leadershipWeights()));
    if (mode == PlanMode.REBALANCE) {
      // Filling or draining moves many replicas, leaders among them, and the data moves ignore
      // leadership: balancing
      // it before them is work undone. Rebalancing in place moves few, so the free fix comes first.
      leadership.balance();
    }
    double overhead =
        mode == PlanMode.REBALANCE ? IN_PLACE_MOVE_OVERHEAD : FILL_OR_DRAIN_MOVE_OVERHEAD;
    Runnable moveReplicas =
        () ->
            new ReplicaMoveBalancer(
                    state,
                    new PlacementCost(state, targets, PlacementCost.dataWeights()),
                    overhead,
                    mode == PlanMode.REBALANCE)
                .balance();
    moveReplicas.run();
    boolean repacked = targets.hasHotIngress() && new HotRackRepack(state, targets).repack() > 0;
    if (repacked) {
      // The rack-mates of a repacked broker took its ingress-dense replicas: even them out.
      moveReplicas.run();
    }
    leadership.balance();
    if (outOfBand(state, all)) {
      // After a repack, the data resources are within their limits by a placement the greedy
      // search cannot find again: moves for egress and leaderships must not
      // trade them away (with equal weights they did: 12 brokers, one hot partition, ingress
      // from 1.140 back to 1.231).
      PlacementCost phase5 =
          repacked ? new PlacementCost(state, targets, PlacementCost.dataFirstWeights()) : all;
      new ReplicaMoveBalancer(state, phase5, overhead, mode == PlanMode.REBALANCE).balance();
      leadership.balance();
    }

    ClusterModel after = state.toModel();
    return new RebalanceResult(
        model, after, settings, mode, ReassignmentPlan.between(model, after));
  }

  /** Requests no placement can satisfy are refused up front, with the flag or field to fix. */
  private static void checkRequest(ClusterModel model, PlannerSettings settings) {
    Set<Integer> ids = model.brokerIds();
    for (int id : settings.removeBrokers()) {
      if (!ids.contains(id)) {
        throw new IllegalArgumentException("--remove-brokers: broker " + id + " is not in brokers");
      }
    }
    int remaining = ids.size() - settings.removeBrokers().size();
    for (int i = 0; i < model.partitions().size(); i++) {
      PartitionSpec p = model.partitions().get(i);
      if (p.replicationFactor() > remaining) {
        throw new IllegalArgumentException(
            "--remove-brokers: partitions["
                + i
                + "] ("
                + p.name()
                + ") has "
                + p.replicationFactor()
                + " replicas but only "
                + remaining
                + " brokers would remain");
      }
    }
  }

  /**
   * Every broker within its band in every resource, racks spread, capacities kept: nothing to do.
   */
  private static boolean alreadyWithinTargets(
      ClusterModel model, PlannerSettings settings, BalanceTargets targets) {
    return ResourceImbalance.measure(model, settings, targets).stream()
            .allMatch(ResourceImbalance::withinLimits)
        && PlanVerifier.rackViolations(model, settings) == 0
        && PlanVerifier.capacityViolations(model, settings).isEmpty();
  }

  private static boolean outOfBand(PlanningState state, PlacementCost cost) {
    for (int b = 0; b < state.brokers; b++) {
      if (cost.brokerPenalty(b) > 0) {
        return true;
      }
    }
    return false;
  }
}
