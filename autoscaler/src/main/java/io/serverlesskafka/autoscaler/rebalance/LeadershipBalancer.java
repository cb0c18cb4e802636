package io.serverlesskafka.autoscaler.rebalance;

/**
 * Evens out leader counts and egress by changing which replica leads. No data moves, so this runs before and
 * after the replica moves: it is the cheapest way to fix egress, which the leader carries.
 */
final class LeadershipBalancer {
  private static final double MIN_GAIN = 1e-12;
  private static final int MAX_ROUNDS = 8;
  /** Replicas of each broker looked at per leadership-swap attempt, rotating, to bound the pair search. */
  private static final int SWAP_WINDOW = 128;

  private final PlanningState state;
  private final PlacementCost cost;

  private final int[] cursor;

  LeadershipBalancer(PlanningState state, PlacementCost cost) {
    this.state = state;
    this.cost = cost;
    this.cursor = new int[state.brokers];
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
      if (improve(v) || swapLeadership(v)) {
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

  /**
   * Trades leaderships between {@code v} and a broker {@code f}: v hands over a partition it leads and f
   * follows, and takes one f leads and v follows. Leader counts stay, egress shifts by the difference: this gets
   * out of the corner where every single hand-over would push a leader count out of its band.
   */
  private boolean swapLeadership(int v) {
    PlanningState.IntList mine = state.hosted[v];
    int n = mine.size();
    if (n == 0) {
      return false;
    }
    double bestDelta = -MIN_GAIN;
    int bestP = -1;
    int bestSlotF = -1;
    int bestQ = -1;
    int bestSlotV = -1;
    int start = cursor[v] % n;
    int count = Math.min(n, SWAP_WINDOW);
    for (int i = 0; i < count; i++) {
      int p = mine.get((start + i) % n);
      if (state.replicas[p][0] != v) {
        continue;
      }
      for (int slotF = 1; slotF < state.replicas[p].length; slotF++) {
        int f = state.replicas[p][slotF];
        PlanningState.IntList theirs = state.hosted[f];
        int m = theirs.size();
        int startF = cursor[f] % m;
        int countF = Math.min(m, SWAP_WINDOW);
        for (int j = 0; j < countF; j++) {
          int q = theirs.get((startF + j) % m);
          if (q == p || state.replicas[q][0] != f) {
            continue;
          }
          int slotV = state.slotOf(q, v);
          if (slotV < 0) {
            continue;
          }
          double delta = cost.leadershipSwapDelta(v, f, state.leaderEgress[q] - state.leaderEgress[p]);
          if (delta < bestDelta && cost.egressSwapFits(v, f, state.leaderEgress[q] - state.leaderEgress[p])) {
            bestDelta = delta;
            bestP = p;
            bestSlotF = slotF;
            bestQ = q;
            bestSlotV = slotV;
          }
        }
      }
    }
    cursor[v] = (start + count) % n;
    if (bestP < 0) {
      return false;
    }
    state.makeLeader(bestP, bestSlotF);
    state.makeLeader(bestQ, bestSlotV);
    return true;
  }
}
