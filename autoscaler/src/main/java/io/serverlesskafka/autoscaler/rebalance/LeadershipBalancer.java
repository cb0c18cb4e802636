package io.serverlesskafka.autoscaler.rebalance;

/**
 * Evens out leader counts and egress by changing which replica leads. No data moves, so this runs
 * before and after the replica moves: it is the cheapest way to fix egress, which the leader
 * carries.
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
   * Trades leaderships between {@code v} and a broker {@code f}: v hands over a partition it leads
   * and f follows, and takes one f leads and v follows. Leader counts stay, egress shifts by the
   * difference: this gets out of the corner where every single hand-over would push a leader count
   * out of its band (typically the broker that leads a partition hotter than a broker's fair share:
   * it must lead its share of partitions, all of them cold). Every partner and every such pair is
   * considered: v's partitions are grouped by partner, and for each partner the best shift of
   * egress is found first (the cost is convex in it), then for each partition v leads the two
   * partitions of the partner whose egress comes closest to that shift are scored.
   */
  private boolean swapLeadership(int v) {
    PlanningState.IntList mine = state.hosted[v];
    int n = mine.size();
    if (n == 0) {
      return false;
    }
    // Group v's partitions by partner: led[f] = led by v and followed by f; followed[f] = led by f,
    // followed by v.
    int[] ledCount = new int[state.brokers + 1];
    int[] followedCount = new int[state.brokers + 1];
    for (int i = 0; i < n; i++) {
      int[] r = state.replicas[mine.get(i)];
      if (r[0] == v) {
        for (int slot = 1; slot < r.length; slot++) {
          ledCount[r[slot] + 1]++;
        }
      } else {
        followedCount[r[0] + 1]++;
      }
    }
    for (int f = 0; f < state.brokers; f++) {
      ledCount[f + 1] += ledCount[f];
      followedCount[f + 1] += followedCount[f];
    }
    int[] led = new int[ledCount[state.brokers]];
    int[] followed = new int[followedCount[state.brokers]];
    int[] ledFill = ledCount.clone();
    int[] followedFill = followedCount.clone();
    for (int i = 0; i < n; i++) {
      int p = mine.get(i);
      int[] r = state.replicas[p];
      if (r[0] == v) {
        for (int slot = 1; slot < r.length; slot++) {
          led[ledFill[r[slot]]++] = p;
        }
      } else {
        followed[followedFill[r[0]]++] = p;
      }
    }
    double bestDelta = -MIN_GAIN;
    int bestP = -1;
    int bestQ = -1;
    int bestF = -1;
    for (int f = 0; f < state.brokers; f++) {
      int ledFrom = ledCount[f];
      int ledTo = ledCount[f + 1];
      int followedFrom = followedCount[f];
      int followedTo = followedCount[f + 1];
      if (ledFrom == ledTo || followedFrom == followedTo) {
        continue;
      }
      Integer[] qs = new Integer[followedTo - followedFrom];
      for (int i = 0; i < qs.length; i++) {
        qs[i] = followed[followedFrom + i];
      }
      java.util.Arrays.sort(
          qs,
          (a, b) ->
              a.equals(b)
                  ? 0
                  : state.leaderEgress[a] != state.leaderEgress[b]
                      ? Double.compare(state.leaderEgress[a], state.leaderEgress[b])
                      : Integer.compare(a, b));
      double[] egressQ = new double[qs.length];
      double maxP = Double.NEGATIVE_INFINITY;
      double minP = Double.POSITIVE_INFINITY;
      for (int i = 0; i < qs.length; i++) {
        egressQ[i] = state.leaderEgress[qs[i]];
      }
      for (int i = ledFrom; i < ledTo; i++) {
        maxP = Math.max(maxP, state.leaderEgress[led[i]]);
        minP = Math.min(minP, state.leaderEgress[led[i]]);
      }
      double shift = bestShift(v, f, egressQ[0] - maxP, egressQ[egressQ.length - 1] - minP);
      for (int i = ledFrom; i < ledTo; i++) {
        int p = led[i];
        int at = lowerBound(egressQ, state.leaderEgress[p] + shift);
        for (int k = Math.max(0, at - 1); k <= Math.min(qs.length - 1, at); k++) {
          int q = qs[k];
          if (q == p) {
            continue;
          }
          double x = state.leaderEgress[q] - state.leaderEgress[p];
          double delta =
              state.hotLeader[p] || state.hotLeader[q]
                  ? cost.leadershipTradeDelta(p, q, v, f)
                  : cost.leadershipSwapDelta(v, f, x);
          if (delta < bestDelta && cost.egressSwapFits(v, f, x)) {
            bestDelta = delta;
            bestP = p;
            bestQ = q;
            bestF = f;
          }
        }
      }
    }
    if (bestP < 0) {
      return false;
    }
    state.makeLeader(bestP, state.slotOf(bestP, bestF));
    state.makeLeader(bestQ, state.slotOf(bestQ, v));
    return true;
  }

  /**
   * The egress shift to {@code v} (taken from {@code f}) in [lo, hi] that lowers the cost most; the
   * cost is convex in it.
   */
  private double bestShift(int v, int f, double lo, double hi) {
    for (int i = 0; i < 60 && hi - lo > 1e-9 * (Math.abs(lo) + Math.abs(hi) + 1); i++) {
      double m1 = lo + (hi - lo) / 3;
      double m2 = hi - (hi - lo) / 3;
      if (cost.leadershipSwapDelta(v, f, m1) <= cost.leadershipSwapDelta(v, f, m2)) {
        hi = m2;
      } else {
        lo = m1;
      }
    }
    return (lo + hi) / 2;
  }

  /** The first index whose value is at least {@code x} (values ascending), or the length. */
  private static int lowerBound(double[] values, double x) {
    int lo = 0;
    int hi = values.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
