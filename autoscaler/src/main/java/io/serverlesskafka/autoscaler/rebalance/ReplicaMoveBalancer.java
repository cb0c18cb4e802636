package io.serverlesskafka.autoscaler.rebalance;

import java.util.Arrays;

/**
 * Moves replicas until every broker is within its band, choosing each time the move with the largest cost
 * reduction per byte moved. The broker furthest outside its band is worked on first: an overloaded one gives a
 * replica to one of the few brokers least loaded in its worst resource, an underloaded one takes a replica from
 * the few most loaded, then any broker, then a swap is tried. Only a rotating window of each broker's replicas
 * is scored per attempt, which keeps a move at tens of microseconds on 100,000 partitions.
 */
final class ReplicaMoveBalancer {
  private static final double MIN_GAIN = 1e-12;
  private static final int WINDOW = 64;
  /** Replicas of each side scored per swap attempt; pairs make an attempt ~64 times a single move's cost. */
  private static final int SWAP_WINDOW = 64;
  private static final int PEERS = 6;
  private static final int MAX_ROUNDS = 4;

  private final PlanningState state;
  private final PlacementCost cost;
  private final int[] cursor;
  /**
   * Added to a move's bytes: without it the per-byte score favours tiny, hot partitions so strongly that new
   * brokers fill up with ingress long before they get their share of disk.
   */
  private final double moveOverheadBytes;

  /**
   * @param overheadPartitions the per-move overhead in mean partition sizes: large when data must move anyway
   *     (filling or draining brokers) so that every resource fills evenly, small when rebalancing in place so
   *     that the partitions with the most load per byte are preferred
   */
  ReplicaMoveBalancer(PlanningState state, PlacementCost cost, double overheadPartitions) {
    this.state = state;
    this.cost = cost;
    this.cursor = new int[state.brokers];
    double total = 0;
    for (double s : state.size) {
      total += s;
    }
    moveOverheadBytes = 1 + overheadPartitions * total / Math.max(1, state.partitions);
  }

  /** Returns the number of replica moves made. */
  int balance() {
    boolean[] stuck = new boolean[state.brokers];
    int moves = 0;
    int limit = 2 * Math.max(1, totalReplicas());
    boolean progressed = false;
    int rounds = 0;
    while (moves < limit) {
      int v = BrokerPicker.worst(state, cost, stuck);
      if (v < 0) {
        if (!progressed || ++rounds >= MAX_ROUNDS) {
          break;
        }
        Arrays.fill(stuck, false);
        progressed = false;
        continue;
      }
      if (improve(v)) {
        moves++;
        progressed = true;
      } else {
        stuck[v] = true;
      }
    }
    return moves;
  }

  private boolean improve(int v) {
    boolean overloaded = cost.isOverloaded(v);
    int[] peers = peers(v, cost.worstResource(v), overloaded);
    if (peers.length == 0) {
      return false;
    }
    int[] one = {v};
    int[] sources = overloaded ? one : peers;
    int[] destinations = overloaded ? peers : one;
    Move best = search(sources, destinations, true);
    if (best == null) {
      // The few peers ranked by one resource can all be full in another: widen to every broker.
      int[] everyone = everyoneBut(v);
      best = overloaded ? search(one, everyone, true) : search(everyone, one, true);
    }
    if (best != null) {
      state.moveReplica(best.partition, best.slot, best.to);
      return true;
    }
    return swap(v, swapPeers(v));
  }

  /**
   * Brokers worth trading with: the least loaded in the resource {@code v} has too much of, and the most loaded
   * in the resource it lacks most.
   */
  private int[] swapPeers(int v) {
    int over = cost.worstResource(v, true);
    int under = cost.worstResource(v, false);
    int[] a = over < 0 ? new int[0] : peers(v, over, true);
    int[] b = under < 0 ? new int[0] : peers(v, under, false);
    int[] union = Arrays.copyOf(a, a.length + b.length);
    int n = a.length;
    for (int x : b) {
      boolean seen = false;
      for (int i = 0; i < a.length; i++) {
        seen |= a[i] == x;
      }
      if (!seen) {
        union[n++] = x;
      }
    }
    return Arrays.copyOf(union, n);
  }

  /**
   * Exchanges a replica of {@code v} with one of a peer. Needed when resources pull in opposite directions, e.g.
   * a new broker that already took enough ingress but still lacks disk: any single move makes one of them worse.
   */
  private boolean swap(int v, int[] peers) {
    PlanningState.IntList mine = state.hosted[v];
    int n = mine.size();
    if (n == 0) {
      return false;
    }
    double bestScore = 0;
    int bestP = -1;
    int bestQ = -1;
    int bestD = -1;
    int start = cursor[v] % n;
    int count = Math.min(n, SWAP_WINDOW);
    for (int d : peers) {
      PlanningState.IntList theirs = state.hosted[d];
      int m = theirs.size();
      int countD = Math.min(m, SWAP_WINDOW);
      int startD = m == 0 ? 0 : cursor[d] % m;
      for (int i = 0; i < count; i++) {
        int p = mine.get((start + i) % n);
        int slotP = state.slotOf(p, v);
        if (!state.allows(p, slotP, d)) {
          continue;
        }
        for (int j = 0; j < countD; j++) {
          int q = theirs.get((startD + j) % m);
          if (q == p) {
            continue;
          }
          int slotQ = state.slotOf(q, d);
          if (!state.allows(q, slotQ, v)) {
            continue;
          }
          double delta = cost.swapDelta(p, slotP, v, q, slotQ, d);
          if (delta >= -MIN_GAIN) {
            continue;
          }
          double score = delta / (state.size[p] + state.size[q] + 2 * moveOverheadBytes);
          if (score < bestScore && state.swapFitsCapacity(p, slotP, v, q, slotQ, d)) {
            bestScore = score;
            bestP = p;
            bestQ = q;
            bestD = d;
          }
        }
      }
      if (m > 0) {
        cursor[d] = (startD + countD) % m;
      }
    }
    cursor[v] = (start + count) % n;
    if (bestP < 0) {
      return false;
    }
    int slotP = state.slotOf(bestP, v);
    int slotQ = state.slotOf(bestQ, bestD);
    state.moveReplica(bestP, slotP, bestD);
    state.moveReplica(bestQ, slotQ, v);
    return true;
  }

  /** The brokers least (for an overloaded broker) or most loaded in {@code resource}, lowest index on ties. */
  private int[] peers(int v, int resource, boolean leastLoaded) {
    int[] chosen = new int[Math.min(PEERS, state.brokers)];
    double[] score = new double[chosen.length];
    int n = 0;
    for (int b = 0; b < state.brokers; b++) {
      if (b == v || state.removed[b]) {
        continue;
      }
      double s = leastLoaded ? cost.relativeLoad(resource, b) : -cost.relativeLoad(resource, b);
      if (n < chosen.length) {
        int i = n++;
        while (i > 0 && score[i - 1] > s) {
          score[i] = score[i - 1];
          chosen[i] = chosen[i - 1];
          i--;
        }
        score[i] = s;
        chosen[i] = b;
      } else if (s < score[n - 1]) {
        int i = n - 1;
        while (i > 0 && score[i - 1] > s) {
          score[i] = score[i - 1];
          chosen[i] = chosen[i - 1];
          i--;
        }
        score[i] = s;
        chosen[i] = b;
      }
    }
    return Arrays.copyOf(chosen, n);
  }

  private Move search(int[] sources, int[] destinations, boolean windowed) {
    Move best = null;
    double bestScore = 0;
    for (int s : sources) {
      PlanningState.IntList hosted = state.hosted[s];
      int n = hosted.size();
      if (n == 0) {
        continue;
      }
      int count = windowed ? Math.min(n, WINDOW) : n;
      int start = windowed ? cursor[s] % n : 0;
      for (int j = 0; j < count; j++) {
        int p = hosted.get((start + j) % n);
        int slot = state.slotOf(p, s);
        double bytes = state.size[p] + moveOverheadBytes;
        for (int d : destinations) {
          if (d == s || !state.allows(p, slot, d) || !state.fitsCapacity(p, slot, d)) {
            continue;
          }
          double delta = cost.moveDelta(p, slot, d);
          if (delta >= -MIN_GAIN) {
            continue;
          }
          double score = delta / bytes;
          if (score < bestScore) {
            bestScore = score;
            best = new Move(p, slot, d);
          }
        }
      }
      if (windowed) {
        cursor[s] = (start + count) % n;
      }
    }
    return best;
  }

  private int[] everyoneBut(int v) {
    int[] result = new int[state.brokers];
    int n = 0;
    for (int b = 0; b < state.brokers; b++) {
      if (b != v && !state.removed[b]) {
        result[n++] = b;
      }
    }
    return Arrays.copyOf(result, n);
  }

  private int totalReplicas() {
    int total = 0;
    for (int[] r : state.replicas) {
      total += r.length;
    }
    return total;
  }

  private record Move(int partition, int slot, int to) {}
}
