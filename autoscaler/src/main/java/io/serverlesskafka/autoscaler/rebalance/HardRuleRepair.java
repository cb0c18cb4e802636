package io.serverlesskafka.autoscaler.rebalance;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Rules that come before balance: brokers being removed end empty, and every partition ends spread
 * over min(replication factor, racks) racks. Each replica that has to move goes where it hurts the
 * balance least, preferring brokers with spare capacity.
 */
final class HardRuleRepair {
  private final PlanningState state;
  private final PlacementCost cost;

  HardRuleRepair(PlanningState state, PlacementCost cost) {
    this.state = state;
    this.cost = cost;
  }

  /**
   * Moves every replica off the brokers being removed, largest partitions first while there is most
   * room.
   */
  int drainRemovedBrokers() {
    boolean any = false;
    for (boolean r : state.removed) {
      any |= r;
    }
    if (!any) {
      return 0;
    }
    Integer[] order = new Integer[state.partitions];
    for (int p = 0; p < order.length; p++) {
      order[p] = p;
    }
    Arrays.sort(
        order, Comparator.<Integer>comparingDouble(p -> -state.size[p]).thenComparingInt(p -> p));
    int moves = 0;
    for (int p : order) {
      for (int slot = 0; slot < state.replicas[p].length; slot++) {
        if (!state.removed[state.replicas[p][slot]]) {
          continue;
        }
        // Removing a whole rack can make the old spread impossible; never go below what the
        // remaining racks allow.
        int floor = Math.min(state.rackSpread(p), state.targetSpread(p));
        int to = bestDestination(p, slot, floor);
        if (to < 0) {
          throw new IllegalStateException(
              "no broker can take a replica of " + state.model.partitions().get(p).name());
        }
        state.moveReplica(p, slot, to);
        moves++;
      }
    }
    return moves;
  }

  /**
   * Moves replicas that share a rack to racks the partition is missing, until it spans its target
   * spread.
   */
  int spreadOverRacks() {
    int moves = 0;
    for (int p = 0; p < state.partitions; p++) {
      int target = state.targetSpread(p);
      while (state.rackSpread(p) < target) {
        int bestSlot = -1;
        int bestTo = -1;
        int bestTier = Integer.MAX_VALUE;
        double bestDelta = Double.POSITIVE_INFINITY;
        int spread = state.rackSpread(p);
        for (int slot = state.replicas[p].length - 1; slot >= 0; slot--) {
          for (int to = 0; to < state.brokers; to++) {
            if (state.removed[to]
                || !state.allows(p, slot, to)
                || state.rackSpreadWith(p, slot, to) <= spread) {
              continue;
            }
            int tier = state.fitsCapacity(p, slot, to) ? 0 : 1;
            double delta = cost.moveDelta(p, slot, to);
            if (tier < bestTier || (tier == bestTier && delta < bestDelta)) {
              bestTier = tier;
              bestDelta = delta;
              bestSlot = slot;
              bestTo = to;
            }
          }
        }
        if (bestSlot < 0) {
          break;
        }
        state.moveReplica(p, bestSlot, bestTo);
        moves++;
      }
    }
    return moves;
  }

  /**
   * The remaining broker that should take the replica in {@code slot}: one that keeps at least
   * {@code rackFloor} racks and fits its capacity if any does, then the one that raises the cost
   * least.
   */
  private int bestDestination(int p, int slot, int rackFloor) {
    int best = -1;
    int bestTier = Integer.MAX_VALUE;
    double bestDelta = Double.POSITIVE_INFINITY;
    int[] r = state.replicas[p];
    for (int to = 0; to < state.brokers; to++) {
      if (state.removed[to] || contains(r, to)) {
        continue;
      }
      int spread = state.rackSpreadWith(p, slot, to);
      int tier =
          (spread >= rackFloor ? 0 : 2 + rackFloor - spread) * 2
              + (state.fitsCapacity(p, slot, to) ? 0 : 1);
      double delta = cost.moveDelta(p, slot, to);
      if (tier < bestTier || (tier == bestTier && delta < bestDelta)) {
        bestTier = tier;
        bestDelta = delta;
        best = to;
      }
    }
    return best;
  }

  private static boolean contains(int[] values, int v) {
    for (int x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }
}
