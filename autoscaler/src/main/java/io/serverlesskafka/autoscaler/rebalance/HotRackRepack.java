package io.serverlesskafka.autoscaler.rebalance;

import java.util.Arrays;

/**
 * Repacks the broker holding an ingress-hot replica: when a partition's ingress alone is more than
 * half a broker's share, its broker can carry little other ingress, yet its rack-mates can take at
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
    this.threshold = targets.hotIngressThreshold();
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
      if (!state.removed[v]) {
        moves += separate(v, aimIn);
      }
    }
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
    boolean[] keep = choose(a, d, part, lambda, null, 0, disk, count);
    double gotIn = hotIn + sum(a, keep);
    // The hot brokers of every rack would pick the same cold partitions, whose leaderships could
    // then only move among them (12 brokers, one hot partition: two of them ended leading 1.16 ×
    // the mean). With ingress to spare below the limit, partitions with a replica on another
    // ingress-hot broker cost a share of it more, as long as the choice still fits.
    double spare = aimIn - gotIn;
    if (spare > 0 && count > 0) {
      boolean[] shared = new boolean[n];
      for (int i = 0; i < n; i++) {
        for (int b : state.replicas[part[i]]) {
          shared[i] |= b != v && b != from[i] && holdsHot(b);
        }
      }
      boolean[] diverse = choose(a, d, part, lambda, shared, spare / count, disk, count);
      double diverseIn = hotIn + sum(a, diverse);
      if (diverseIn <= aimIn) {
        keep = diverse;
        gotIn = diverseIn;
      }
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

  /**
   * A broker with two ingress-hot replicas that together exceed its limit hands the less hot one to
   * the rack-mate (without such a replica) with the least ingress; repeated while it holds more
   * than one. The greedy search does not do it: the receiver jumps far above its limit, which costs
   * as much as it saves (48 brokers, five hot partitions and a drain: one broker ended with two,
   * 1.664 × the mean ingress).
   */
  private int separate(int v, double aimIn) {
    int moves = 0;
    while (true) {
      int hot = 0;
      double hotIn = 0;
      int least = -1;
      PlanningState.IntList own = state.hosted[v];
      for (int j = 0; j < own.size(); j++) {
        if (own.ingressAt(j) > threshold) {
          hot++;
          hotIn += own.ingressAt(j);
          int p = own.get(j);
          if (least < 0
              || state.ingress[p] < state.ingress[least]
              || (state.ingress[p] == state.ingress[least] && p < least)) {
            least = p;
          }
        }
      }
      if (hot < 2 || hotIn <= aimIn) {
        return moves;
      }
      int slot = state.slotOf(least, v);
      int best = -1;
      for (int u : mates(v)) {
        if (state.allows(least, slot, u)
            && (best < 0 || state.load[PlanningState.IN][u] < state.load[PlanningState.IN][best])) {
          best = u;
        }
      }
      if (best < 0) {
        return moves;
      }
      state.moveReplica(least, slot, best);
      moves++;
      // The receiver may now be above its limit, even its capacity: it hands its replicas with the
      // most ingress to v, which is repacked next.
      moves += handBack(best, v, aimIn);
    }
  }

  private int handBack(int u, int v, double aimIn) {
    int moves = 0;
    while (state.load[PlanningState.IN][u] > aimIn) {
      PlanningState.IntList own = state.hosted[u];
      int best = -1;
      for (int j = 0; j < own.size(); j++) {
        int p = own.get(j);
        if (own.ingressAt(j) > threshold || state.slotOf(p, v) >= 0) {
          continue;
        }
        if ((best < 0
                || state.ingress[p] > state.ingress[best]
                || (state.ingress[p] == state.ingress[best] && p < best))
            && state.allows(p, state.slotOf(p, u), v)) {
          best = p;
        }
      }
      if (best < 0) {
        return moves;
      }
      state.moveReplica(best, state.slotOf(best, u), v);
      moves++;
    }
    return moves;
  }

  /**
   * The replicas with the lowest reduced cost {@code a − λ·d} (plus {@code penalty} for those
   * marked in {@code penalised}) until {@code disk} and {@code count} are covered; ties by
   * partition.
   */
  private static boolean[] choose(
      double[] a,
      double[] d,
      int[] part,
      double lambda,
      boolean[] penalised,
      double penalty,
      double disk,
      double count) {
    int n = a.length;
    double[] key = new double[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      key[i] = a[i] - lambda * d[i] + (penalised != null && penalised[i] ? penalty : 0);
      order[i] = i;
    }
    Arrays.sort(
        order,
        (x, y) -> {
          int c = Double.compare(key[x], key[y]);
          return c != 0 ? c : Integer.compare(part[x], part[y]);
        });
    boolean[] keep = new boolean[n];
    double gotDisk = 0;
    double gotCount = 0;
    for (int k = 0; k < n && (gotDisk < disk || gotCount < count); k++) {
      int i = order[k];
      keep[i] = true;
      gotDisk += d[i];
      gotCount++;
    }
    return keep;
  }

  private static double sum(double[] a, boolean[] keep) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += keep[i] ? a[i] : 0;
    }
    return sum;
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
