package io.serverlesskafka.autoscaler.rebalance;

/**
 * Evens out leader counts and egress by changing which replica leads. No data moves, so this runs before and
 * after the replica moves: it is the cheapest way to fix egress, which the leader carries.
 */
final class LeadershipBalancer {
  private static final double MIN_GAIN = 1e-12;
  private static final int MAX_ROUNDS = 8;

  private final PlanningState state;
  private final PlacementCost cost;

  LeadershipBalancer(PlanningState state, PlacementCost cost) {
    this.state = state;
    this.cost = cost;
  }

  /** Returns the number of leadership changes made. */
  int balance() {
    boolean[] stuck = new boolean[state.brokers];
    int changes = 0;
    int limit = 4 * state.partitions + 16;
    boolean progressed = false;
    int rounds = 0;
    while (changes < limit) {
      int v = BrokerPicker.worst(state, cost, stuck);
      if (v < 0) {
        if (!progressed || ++rounds >= MAX_ROUNDS) {
          break;
        }
        java.util.Arrays.fill(stuck, false);
        progressed = false;
        continue;
      }
      if (improve(v)) {
        changes++;
        progressed = true;
      } else {
        stuck[v] = true;
      }
    }
    return changes;
  }

  /** Hands one leadership away from an overloaded broker, or to an underloaded one. */
  private boolean improve(int v) {
    boolean overloaded = cost.isOverloaded(v);
    double bestDelta = -MIN_GAIN;
    int bestP = -1;
    int bestSlot = -1;
    PlanningState.IntList hosted = state.hosted[v];
    for (int i = 0; i < hosted.size(); i++) {
      int p = hosted.get(i);
      int slotOfV = state.slotOf(p, v);
      if (overloaded) {
        if (slotOfV != 0) {
          continue;
        }
        for (int slot = 1; slot < state.replicas[p].length; slot++) {
          double delta = cost.leadershipDelta(p, slot);
          if (delta < bestDelta && cost.egressFits(p, slot)) {
            bestDelta = delta;
            bestP = p;
            bestSlot = slot;
          }
        }
      } else if (slotOfV != 0) {
        double delta = cost.leadershipDelta(p, slotOfV);
        if (delta < bestDelta && cost.egressFits(p, slotOfV)) {
          bestDelta = delta;
          bestP = p;
          bestSlot = slotOfV;
        }
      }
    }
    if (bestP < 0) {
      return false;
    }
    state.makeLeader(bestP, bestSlot);
    return true;
  }
}
