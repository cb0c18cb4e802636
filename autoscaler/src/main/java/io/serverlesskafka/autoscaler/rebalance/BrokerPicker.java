package io.serverlesskafka.autoscaler.rebalance;

/**
 * Chooses which broker to work on next: the one furthest outside its band, lowest index on a tie.
 */
final class BrokerPicker {
  private BrokerPicker() {}

  static int worst(PlanningState state, PlacementCost cost, boolean[] skip) {
    int worst = -1;
    double worstPenalty = 0;
    for (int b = 0; b < state.brokers; b++) {
      if (skip[b] || state.removed[b]) {
        continue;
      }
      double penalty = cost.brokerPenalty(b);
      if (penalty > worstPenalty) {
        worstPenalty = penalty;
        worst = b;
      }
    }
    return worst;
  }
}
