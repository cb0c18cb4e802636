package io.serverlesskafka.autoscaler.rebalance;

import java.util.Arrays;

/**
 * Repacks the broker holding an ingress-hot replica: when a partition's ingress alone is more than
 * the width of the band, its broker can carry little other ingress, yet its rack-mates can take at
 * most their disk and replica limits, so it must keep the rack's coldest partitions per byte. The
 * greedy search cannot get there one move or one swap at a time (each changes the cost by less than
 * 0.1 % while the ingress excess stays), so this step chooses the broker's whole content directly:
 * the solution of the linear program of {@link HotRackMatesBound} for that broker, with the
 * multipliers of its dual ({@code a − λ·d − μ}, lowest first, until the disk and replicas its
 * rack-mates cannot take are covered), and moves the rest to its rack-mates. The replica search
 * that follows evens out the rack-mates.
 */
final class HotRackRepack {
  private static final double MATE_SLACK = 0.01;

  private final PlanningState state;
  private final BalanceTargets targets;
  private final double threshold;

  HotRackRepack(PlanningState state, BalanceTargets targets) {
    this.state = state;
    this.targets = targets;
    double in = targets.upper(BalancedResource.INGRESS) - targets.lower(BalancedResource.INGRESS);
    this.threshold = in;
  }

  /** Returns the number of replica moves made. */
  int repack() {
    int moves = 0;
    double aimIn = 0.999 * targets.upper(BalancedResource.INGRESS);
    // The rack-mates are filled to 1 % below their limits: the search that evens them out after
    // does not pack them exactly.
    double aimDisk = (1 - MATE_SLACK) * targets.upper(BalancedResource.DISK);
    double aimCount = Math.floor((1 - MATE_SLACK) * targets.upper(BalancedResource.REPLICAS));
    for (int v = 0; v < state.brokers; v++) {
      if (state.removed[v] || state.load[PlanningState.IN][v] <= aimIn) {
        continue;
      }
      double hotIn = 0;
      double hotDisk = 0;
      int hotCount = 0;
      PlanningState.IntList own = state.hosted[v];
      for (int j = 0; j < own.size(); j++) {
        if (own.ingressAt(j) > threshold) {
          hotIn += own.ingressAt(j);
          hotDisk += own.sizeAt(j);
          hotCount++;
        }
      }
      if (hotCount == 0) {
        continue;
      }
      moves += repack(v, hotIn, hotDisk, hotCount, aimIn, aimDisk, aimCount);
    }
    return moves;
  }

  private int repack(
      int v,
      double hotIn,
      double hotDisk,
      int hotCount,
      double aimIn,
      double aimDisk,
      double aimCount) {
    int[] mates = mates(v);
    if (mates.length == 0) {
      return 0;
    }
    // Every replica of the rack that v may hold (not hot, allowed on v), with where it is.
    int total = state.hosted[v].size();
    for (int u : mates) {
      total += state.hosted[u].size();
    }
    int[] part = new int[total];
    int[] from = new int[total];
    int n = 0;
    double rackDisk = 0;
    double rackCount = 0;
    for (int b : concat(v, mates)) {
      PlanningState.IntList h = state.hosted[b];
      for (int j = 0; j < h.size(); j++) {
        rackDisk += h.sizeAt(j);
        rackCount++;
        if (h.ingressAt(j) > threshold) {
          continue;
        }
        int p = h.get(j);
        if (b != v && (state.slotOf(p, v) >= 0 || !state.allows(p, state.slotOf(p, b), v))) {
          continue;
        }
        part[n] = p;
        from[n++] = b;
      }
    }
    double disk = rackDisk - hotDisk - mates.length * aimDisk;
    double count = rackCount - hotCount - mates.length * aimCount;
    if (disk <= 0 && count <= 0) {
      return 0;
    }
    double[] a = new double[n];
    double[] d = new double[n];
    int[] m = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = state.ingress[part[i]];
      d[i] = state.size[part[i]];
      m[i] = 1;
    }
    double lambda =
        HotRackMatesBound.diskMultiplier(a, d, m, Math.max(0, disk), Math.max(0, count));
    // Lowest reduced cost first: the coldest per byte, then per replica; ties by partition.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (x, y) -> {
          int c = Double.compare(a[x] - lambda * d[x], a[y] - lambda * d[y]);
          return c != 0 ? c : Integer.compare(part[x], part[y]);
        });
    boolean[] keep = new boolean[n];
    double gotDisk = 0;
    double gotCount = 0;
    double gotIn = hotIn;
    for (int k = 0; k < n && (gotDisk < disk || gotCount < count); k++) {
      int i = order[k];
      keep[i] = true;
      gotDisk += d[i];
      gotCount++;
      gotIn += a[i];
    }
    if (gotIn >= state.load[PlanningState.IN][v]) {
      return 0;
    }
    int moves = 0;
    // Take the chosen replicas, each from where it is; hand back the others, each to the rack-mate
    // with the least disk relative to its limit.
    for (int i = 0; i < n; i++) {
      if (keep[i] && from[i] != v) {
        int slot = state.slotOf(part[i], from[i]);
        if (slot == 0 && state.replicas[part[i]].length > 1 && !fits(part[i], slot, v)) {
          // A leader too much for v's egress: a follower takes the leadership first (no data).
          state.makeLeader(part[i], 1);
          slot = state.slotOf(part[i], from[i]);
        }
        if (state.allows(part[i], slot, v) && fits(part[i], slot, v)) {
          state.moveReplica(part[i], slot, v);
          moves++;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (!keep[i] && from[i] == v) {
        int slot = state.slotOf(part[i], v);
        int best = -1;
        for (int u : mates) {
          if (state.allows(part[i], slot, u)
              && fits(part[i], slot, u)
              && (best < 0
                  || state.load[PlanningState.DISK][u] < state.load[PlanningState.DISK][best])) {
            best = u;
          }
        }
        if (best >= 0) {
          state.moveReplica(part[i], slot, best);
          moves++;
        }
      }
    }
    return moves;
  }

  /** The other brokers of v's rack that hold no ingress-hot replica. */
  private int[] mates(int v) {
    int[] result = new int[state.brokers];
    int n = 0;
    for (int b = 0; b < state.brokers; b++) {
      if (b != v && !state.removed[b] && state.rack[b] == state.rack[v] && !holdsHot(b)) {
        result[n++] = b;
      }
    }
    return Arrays.copyOf(result, n);
  }

  /**
   * Whether {@code to} stays within its capacity in every resource the replica adds to (the leader
   * of a hot partition may be above its egress capacity by that partition alone; it may still take
   * followers).
   */
  private boolean fits(int p, int slot, int to) {
    for (int res = 0; res < BalancedResource.WITH_CAPACITY; res++) {
      double x = state.contribution(res, p, slot);
      if (x > 0 && state.load[res][to] + x > state.hardCapacity[res][to]) {
        return false;
      }
    }
    return true;
  }

  private boolean holdsHot(int b) {
    PlanningState.IntList h = state.hosted[b];
    for (int j = 0; j < h.size(); j++) {
      if (h.ingressAt(j) > threshold) {
        return true;
      }
    }
    return false;
  }

  private static int[] concat(int v, int[] mates) {
    int[] all = new int[mates.length + 1];
    all[0] = v;
    System.arraycopy(mates, 0, all, 1, mates.length);
    return all;
  }
}
