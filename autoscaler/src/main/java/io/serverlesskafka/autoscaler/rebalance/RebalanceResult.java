package io.serverlesskafka.autoscaler.rebalance;

/** What the planner decided: the cluster as it will be and the reassignment that gets it there. */
public record RebalanceResult(
    ClusterModel before,
    ClusterModel after,
    PlannerSettings settings,
    PlanMode mode,
    ReassignmentPlan plan) {}
