package io.serverlesskafka.autoscaler.rebalance;

import java.util.Arrays;

/**
 * Moves replicas until every broker is within its band, choosing each time the move with the
 * largest cost reduction per byte moved. The broker furthest outside its band is worked on first:
 * an overloaded one gives a replica to one of the few brokers least loaded in its worst resource
 * (and the few least loaded of its own rack, where a move never hurts rack spread), an underloaded
 * one takes a replica from the most loaded, then any broker, then a swap is tried.
 *
 * <p>Which replicas are scored in full per attempt depends on the mode. Rebalancing in place
 * ({@code ranked}): the {@link #CANDIDATES} replicas that do most for the broker's worst resource
 * per byte, so that an overload is fixed with the fewest bytes, the smallest partition that covers
 * it winning. Filling or draining brokers: a rotating window of each broker's replicas, so that new
 * brokers take a representative mix of every resource (the data has to move anyway) at tens of
 * microseconds per move on 100,000 partitions.
 */
final class ReplicaMoveBalancer {
  private static final double MIN_GAIN = 1e-12;

  /**
   * Replicas scored in full per attempt, chosen by how much they do for the worst resource per
   * byte.
   */
  private static final int CANDIDATES = 48;

  private static final int WINDOW = 32;

  /** Replicas of each side paired per peer in a swap attempt. */
  private static final int SWAP_CANDIDATES = 16;

  private static final int PEERS = 6;
  private static final int RACK_PEERS = 3;
  private static final int MAX_ROUNDS = 4;

  /**
   * When no peer has a replica to give, an underloaded broker looks this far: the most loaded
   * brokers in its worst resource, some of its own rack among them. Every broker up to this many;
   * beyond, scanning every replica of the cluster for each broker that is stuck (200 brokers /
   * 1,000,000 replicas: a million replicas per attempt, a few hundred attempts per round) is what
   * kept the largest snapshots from finishing.
   */
  private static final int WIDE_SOURCES = 48;

  private static final int WIDE_RACK_SOURCES = 16;

  private final PlanningState state;
  private final PlacementCost cost;
  private final int[] cursor;

  /**
   * Added to a move's bytes: without it the per-byte score favours tiny, hot partitions so strongly
   * that new brokers fill up with ingress long before they get their share of disk.
   */
  private final double moveOverheadBytes;

  private final boolean ranked;

  /**
   * @param overheadPartitions the per-move overhead in mean partition sizes: large when data must
   *     move anyway (filling or draining brokers) so that every resource fills evenly, small when
   *     rebalancing in place so that the partitions with the most load per byte are preferred
   */
  ReplicaMoveBalancer(
      PlanningState state, PlacementCost cost, double overheadPartitions, boolean ranked) {
    this.ranked = ranked;
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
    if (moveOne(v, overloaded)) {
      return true;
    }
    // A broker above its limit in one resource and below its floor in another (hot-per-byte
    // ingress, too little
    // disk) may only be helped the other way round: by taking a large, cold partition.
    if (cost.worstResource(v, !overloaded) >= 0 && moveOne(v, !overloaded)) {
      return true;
    }
    return swap(v, swapPeers(v));
  }

  /**
   * Moves one replica away from {@code v} ({@code give}) or to it, the best per byte; false when
   * none helps.
   */
  private boolean moveOne(int v, boolean give) {
    int resource = cost.worstResource(v, give);
    if (resource < 0) {
      resource = cost.worstResource(v);
    }
    int[] peers = peers(v, resource, give);
    if (peers.length == 0) {
      return false;
    }
    int[] one = {v};
    int[] sources = give ? one : peers;
    int[] destinations = give ? peers : one;
    double need = cost.gap(resource, v, give);
    int to = give ? -1 : v;
    long[] candidates = ranked ? candidates(sources, resource, need, to) : window(sources);
    Move best = search(candidates, destinations);
    if (best == null) {
      // The few peers ranked by one resource can all be full in another: widen to every broker.
      int[] everyone = everyoneBut(v);
      int[] sourcesWide =
          everyone.length <= WIDE_SOURCES
              ? everyone
              : union(
                  top(v, resource, false, WIDE_SOURCES - WIDE_RACK_SOURCES, false),
                  top(v, resource, false, WIDE_RACK_SOURCES, true));
      best =
          give
              ? search(candidates, everyone)
              : search(
                  ranked ? candidates(sourcesWide, resource, need, to) : window(sourcesWide), one);
    }
    if (best == null) {
      return false;
    }
    state.moveReplica(best.partition, best.slot, best.to);
    return true;
  }

  /**
   * Brokers worth trading with: the least loaded in the resource {@code v} has too much of, and the
   * most loaded in the resource it lacks most.
   */
  private int[] swapPeers(int v) {
    int over = cost.worstResource(v, true);
    int under = cost.worstResource(v, false);
    return union(
        over < 0 ? new int[0] : peers(v, over, true),
        under < 0 ? new int[0] : peers(v, under, false));
  }

  /** The brokers of {@code a}, then those of {@code b} not in {@code a}, in order. */
  private static int[] union(int[] a, int[] b) {
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
   * Exchanges a replica of {@code v} with one of a peer. Needed when resources pull in opposite
   * directions, e.g. a new broker that already took enough ingress but still lacks disk: any single
   * move makes one of them worse. For each peer, the replicas of either side are ranked by a
   * first-order estimate of what handing them over gains both brokers per byte (the slopes of their
   * penalties), and only the best {@link #SWAP_CANDIDATES} of each side are paired and scored
   * exactly.
   */
  private boolean swap(int v, int[] peers) {
    if (state.hosted[v].size() == 0) {
      return false;
    }
    double bestScore = 0;
    int bestP = -1;
    int bestQ = -1;
    int bestD = -1;
    double[] slopeV = slopes(v);
    for (int d : peers) {
      double[] slopeD = slopes(d);
      // v hands p to d: worth (slopeV - slopeD) . x(p); d hands q to v: worth (slopeD - slopeV) .
      // x(q).
      int[] mine = ranked(v, slopeV, slopeD, d);
      int[] theirs = ranked(d, slopeD, slopeV, v);
      for (int p : mine) {
        int slotP = state.slotOf(p, v);
        for (int q : theirs) {
          if (q == p) {
            continue;
          }
          int slotQ = state.slotOf(q, d);
          if (!state.allows(p, slotP, d) || !state.allows(q, slotQ, v)) {
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
    }
    if (bestP < 0) {
      return false;
    }
    int slotP = state.slotOf(bestP, v);
    int slotQ = state.slotOf(bestQ, bestD);
    state.moveReplica(bestP, slotP, bestD);
    state.moveReplica(bestQ, slotQ, v);
    return true;
  }

  /**
   * Higher key first; on a tie (typically no first-order gain at all) the smaller partition, then
   * the lower index.
   */
  private boolean before(double key, int p, double otherKey, int other) {
    if (key != otherKey) {
      return key > otherKey;
    }
    return state.size[p] != state.size[other] ? state.size[p] < state.size[other] : p < other;
  }

  private double[] slopes(int b) {
    double[] slope = new double[PlanningState.RESOURCES];
    for (int r = 0; r < slope.length; r++) {
      slope[r] = cost.slope(r, b);
    }
    return slope;
  }

  /**
   * The replicas on {@code from} that broker {@code from} (slopes {@code own}) gains most by
   * handing to {@code to} (slopes {@code other}), per byte, to first order: at most {@link
   * #SWAP_CANDIDATES}, best first, ties by size, then partition. Replicas {@code to} already holds
   * a copy of are skipped.
   */
  private int[] ranked(int from, double[] own, double[] other, int to) {
    int[] chosen = new int[SWAP_CANDIDATES];
    double[] keys = new double[SWAP_CANDIDATES];
    int n = 0;
    boolean leadership =
        own[PlanningState.EG] != other[PlanningState.EG]
            || own[PlanningState.LEAD] != other[PlanningState.LEAD];
    PlanningState.IntList hosted = state.hosted[from];
    for (int j = 0, size = hosted.size(); j < size; j++) {
      int p = hosted.get(j);
      if (state.rackLocked(p, from, to)) {
        continue;
      }
      // In resource order, as the sum is compared exactly; only a leader brings egress and a
      // leadership, and the
      // replica list is read for these alone.
      int slot = leadership ? state.slotOf(p, from) : 1;
      double gain = (own[PlanningState.IN] - other[PlanningState.IN]) * hosted.ingressAt(j);
      gain +=
          (own[PlanningState.EG] - other[PlanningState.EG])
              * state.contribution(PlanningState.EG, p, slot);
      gain += (own[PlanningState.DISK] - other[PlanningState.DISK]) * hosted.sizeAt(j);
      gain += own[PlanningState.REPL] - other[PlanningState.REPL];
      gain +=
          (own[PlanningState.LEAD] - other[PlanningState.LEAD])
              * state.contribution(PlanningState.LEAD, p, slot);
      double key = gain / (hosted.sizeAt(j) + moveOverheadBytes);
      if (n == SWAP_CANDIDATES && !before(key, p, keys[n - 1], chosen[n - 1])) {
        continue;
      }
      if (state.slotOf(p, to) >= 0) {
        continue;
      }
      int i = n < SWAP_CANDIDATES ? n++ : n - 1;
      while (i > 0 && before(key, p, keys[i - 1], chosen[i - 1])) {
        keys[i] = keys[i - 1];
        chosen[i] = chosen[i - 1];
        i--;
      }
      keys[i] = key;
      chosen[i] = p;
    }
    return Arrays.copyOf(chosen, n);
  }

  /**
   * The brokers least (for an overloaded broker) or most loaded in {@code resource}, lowest index
   * on ties, plus the same in {@code v}'s own rack: a move within a rack never changes a
   * partition's rack spread, so those are always allowed, while with as many replicas as racks no
   * move to another rack is.
   */
  private int[] peers(int v, int resource, boolean leastLoaded) {
    return union(
        top(v, resource, leastLoaded, PEERS, false),
        top(v, resource, leastLoaded, RACK_PEERS, true));
  }

  private int[] top(int v, int resource, boolean leastLoaded, int count, boolean sameRack) {
    int[] chosen = new int[Math.min(count, state.brokers)];
    double[] score = new double[chosen.length];
    int n = 0;
    for (int b = 0; b < state.brokers; b++) {
      if (b == v || state.removed[b] || (sameRack && state.rack[b] != state.rack[v])) {
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

  /**
   * The replicas on {@code sources} that do most for {@code resource} per byte moved: each scores
   * the part of its load in that resource that the broker being worked on needs ({@code need}: its
   * excess or its deficit) divided by its size plus the per-move overhead. So among replicas that
   * would each fix an overload, the smallest wins; among those that fix part of it, the most load
   * per byte. At most {@link #CANDIDATES}, best first, packed as {@code partition << 32 | source}.
   * With a destination {@code to} (not -1), only replicas it may take (rack spread, distinct
   * brokers) are ranked.
   */
  private long[] candidates(int[] sources, int resource, double need, int to) {
    long[] chosen = new long[CANDIDATES];
    double[] keys = new double[CANDIDATES];
    int n = 0;
    for (int s : sources) {
      PlanningState.IntList hosted = state.hosted[s];
      for (int j = 0, size = hosted.size(); j < size; j++) {
        int p = hosted.get(j);
        double x;
        if (resource == PlanningState.IN) {
          x = hosted.ingressAt(j);
        } else if (resource == PlanningState.DISK) {
          x = hosted.sizeAt(j);
        } else if (resource == PlanningState.REPL) {
          x = 1;
        } else {
          x = state.contribution(resource, p, state.slotOf(p, s));
        }
        if (x <= 0 || (to >= 0 && state.rackLocked(p, s, to))) {
          continue;
        }
        double key = Math.min(x, need) / (hosted.sizeAt(j) + moveOverheadBytes);
        long packed = ((long) p << 32) | s;
        if (n == CANDIDATES && !better(key, packed, keys[n - 1], chosen[n - 1])) {
          continue;
        }
        if (to >= 0 && !state.allows(p, state.slotOf(p, s), to)) {
          continue;
        }
        int i = n < CANDIDATES ? n++ : n - 1;
        while (i > 0 && better(key, packed, keys[i - 1], chosen[i - 1])) {
          keys[i] = keys[i - 1];
          chosen[i] = chosen[i - 1];
          i--;
        }
        keys[i] = key;
        chosen[i] = packed;
      }
    }
    return java.util.Arrays.copyOf(chosen, n);
  }

  /**
   * The next {@link #WINDOW} replicas of each source, rotating, packed as {@code partition << 32 |
   * source}.
   */
  private long[] window(int[] sources) {
    int total = 0;
    for (int s : sources) {
      total += Math.min(state.hosted[s].size(), WINDOW);
    }
    long[] result = new long[total];
    int k = 0;
    for (int s : sources) {
      PlanningState.IntList hosted = state.hosted[s];
      int n = hosted.size();
      if (n == 0) {
        continue;
      }
      int count = Math.min(n, WINDOW);
      int start = cursor[s] % n;
      for (int j = 0; j < count; j++) {
        result[k++] = ((long) hosted.get((start + j) % n) << 32) | s;
      }
      cursor[s] = (start + count) % n;
    }
    return result;
  }

  /** Higher key first; ties by partition, then source broker, so that plans are deterministic. */
  private static boolean better(double key, long packed, double otherKey, long otherPacked) {
    return key > otherKey || (key == otherKey && packed < otherPacked);
  }

  private Move search(long[] candidates, int[] destinations) {
    Move best = null;
    double bestScore = 0;
    for (long c : candidates) {
      int p = (int) (c >>> 32);
      int s = (int) c;
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
