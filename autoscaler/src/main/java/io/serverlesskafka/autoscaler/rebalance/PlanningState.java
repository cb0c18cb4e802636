package io.serverlesskafka.autoscaler.rebalance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable, array-indexed copy of the cluster the planner works on. Brokers and partitions are
 * addressed by their index in the model; loads are kept up to date on every change so that
 * evaluating a candidate move is a handful of array reads, which is what keeps 100 brokers /
 * 100,000 partitions under two seconds.
 */
final class PlanningState {
  static final BalancedResource[] ALL = BalancedResource.values();
  static final int RESOURCES = ALL.length;
  static final int IN = BalancedResource.INGRESS.ordinal();
  static final int EG = BalancedResource.EGRESS.ordinal();
  static final int DISK = BalancedResource.DISK.ordinal();
  static final int REPL = BalancedResource.REPLICAS.ordinal();
  static final int LEAD = BalancedResource.LEADERS.ordinal();

  final ClusterModel model;
  final int brokers;
  final int partitions;
  final int[] brokerId;

  /**
   * Rack index per broker. A broker without a rack gets a rack of its own: the rule then reduces to
   * distinct brokers.
   */
  final int[] rack;

  final int rackCount;
  final boolean[] removed;
  final int[][] replicas;
  final double[] ingress;
  final double[] leaderEgress;
  final double[] size;

  /** load[resource][broker] under the load model of docs/rebalancer.md. */
  final double[][] load;

  /**
   * Hard capacity per resource with a capacity; infinite when the cluster total does not fit
   * anyway.
   */
  final double[][] hardCapacity;

  /** Partitions hosted per broker, unordered. */
  final IntList[] hosted;

  /** Number of racks that still have a broker that is not being removed. */
  final int remainingRacks;

  /**
   * Partitions whose replica is hotter than a broker's fair share in ingress or disk, or whose
   * leadership is in egress: a broker holding one is exempt from some lower limits (see {@link
   * BalanceTargets#exemptFromLower}).
   */
  final boolean[] hotReplica;

  final boolean[] hotLeader;

  /** How many hot replicas each broker holds, and how many hot partitions it leads. */
  final int[] hotReplicas;

  final int[] hotLeaders;

  /**
   * Partitions with a replica in every rack: none of their replicas may move to another rack (that
   * rack holds one already, so the spread would drop). Kept per partition so that the move search
   * can skip them without reading their replica lists.
   */
  final boolean[] everyRack;

  PlanningState(ClusterModel model, PlannerSettings settings, BalanceTargets targets) {
    this.model = model;
    this.brokers = model.brokers().size();
    this.partitions = model.partitions().size();
    brokerId = new int[brokers];
    rack = new int[brokers];
    removed = new boolean[brokers];
    Map<Integer, Integer> indexOf = new HashMap<>();
    Map<String, Integer> rackIndex = new HashMap<>();
    int racks = 0;
    for (int b = 0; b < brokers; b++) {
      BrokerSpec spec = model.brokers().get(b);
      brokerId[b] = spec.id();
      indexOf.put(spec.id(), b);
      removed[b] = settings.removeBrokers().contains(spec.id());
      if (spec.hasRack()) {
        Integer known = rackIndex.get(spec.rack());
        if (known == null) {
          known = racks++;
          rackIndex.put(spec.rack(), known);
        }
        rack[b] = known;
      } else {
        rack[b] = racks++;
      }
    }
    rackCount = racks;
    boolean[] rackRemains = new boolean[racks];
    for (int b = 0; b < brokers; b++) {
      if (!removed[b]) {
        rackRemains[rack[b]] = true;
      }
    }
    int remaining = 0;
    for (boolean r : rackRemains) {
      remaining += r ? 1 : 0;
    }
    remainingRacks = remaining;

    replicas = new int[partitions][];
    hotReplica = new boolean[partitions];
    hotLeader = new boolean[partitions];
    everyRack = new boolean[partitions];
    hotReplicas = new int[brokers];
    hotLeaders = new int[brokers];
    ingress = new double[partitions];
    leaderEgress = new double[partitions];
    size = new double[partitions];
    load = new double[RESOURCES][brokers];
    hosted = new IntList[brokers];
    for (int b = 0; b < brokers; b++) {
      hosted[b] = new IntList();
    }
    for (int p = 0; p < partitions; p++) {
      PartitionSpec spec = model.partitions().get(p);
      ingress[p] = spec.ingressBytesPerSec();
      leaderEgress[p] = spec.leaderEgressBytesPerSec();
      size[p] = spec.sizeBytes();
      hotReplica[p] = targets.isHotReplica(spec);
      hotLeader[p] = targets.isHotLeader(spec);
      int[] r = new int[spec.replicationFactor()];
      for (int slot = 0; slot < r.length; slot++) {
        r[slot] = indexOf.get(spec.replicas().get(slot));
        add(p, slot, r[slot]);
      }
      replicas[p] = r;
      everyRack[p] = rackSpread(p) == rackCount;
    }
    hardCapacity = new double[BalancedResource.WITH_CAPACITY][brokers];
    for (int res = 0; res < BalancedResource.WITH_CAPACITY; res++) {
      double total = 0;
      double capacity = 0;
      for (int b = 0; b < brokers; b++) {
        total += load[res][b];
        if (!removed[b]) {
          capacity += model.brokers().get(b).capacity().of(BalancedResource.values()[res]);
        }
      }
      boolean fits = total <= capacity;
      for (int b = 0; b < brokers; b++) {
        hardCapacity[res][b] =
            fits
                ? model.brokers().get(b).capacity().of(BalancedResource.values()[res])
                : Double.POSITIVE_INFINITY;
      }
    }
  }

  /**
   * Whether broker {@code b} is exempt from the lower limit of {@code resource}, given the hot
   * partitions it holds.
   */
  boolean exemptFromLower(int resource, int b) {
    return BalanceTargets.exemptFromLower(ALL[resource], hotReplicas[b] > 0, hotLeaders[b] > 0);
  }

  /**
   * Whether moving this replica or leadership changes which brokers are exempt from lower limits.
   */
  boolean changesExemption(int p, int slot) {
    return hotReplica[p] || (slot == 0 && hotLeader[p]);
  }

  /** Load one replica of {@code p} in {@code slot} brings to its broker. */
  double contribution(int resource, int p, int slot) {
    if (resource == IN) {
      return ingress[p];
    } else if (resource == EG) {
      return slot == 0 ? leaderEgress[p] : 0;
    } else if (resource == DISK) {
      return size[p];
    } else if (resource == REPL) {
      return 1;
    }
    return slot == 0 ? 1 : 0;
  }

  private void add(int p, int slot, int b) {
    load[IN][b] += ingress[p];
    load[DISK][b] += size[p];
    load[REPL][b] += 1;
    if (hotReplica[p]) {
      hotReplicas[b]++;
    }
    if (slot == 0) {
      load[EG][b] += leaderEgress[p];
      load[LEAD][b] += 1;
      if (hotLeader[p]) {
        hotLeaders[b]++;
      }
    }
    hosted[b].add(p, ingress[p], size[p]);
  }

  private void remove(int p, int slot, int b) {
    load[IN][b] -= ingress[p];
    load[DISK][b] -= size[p];
    load[REPL][b] -= 1;
    if (hotReplica[p]) {
      hotReplicas[b]--;
    }
    if (slot == 0) {
      load[EG][b] -= leaderEgress[p];
      load[LEAD][b] -= 1;
      if (hotLeader[p]) {
        hotLeaders[b]--;
      }
    }
    hosted[b].removeValue(p);
  }

  /** Replaces the replica in {@code slot} by broker {@code to}; a moved leader stays leader. */
  void moveReplica(int p, int slot, int to) {
    remove(p, slot, replicas[p][slot]);
    replicas[p][slot] = to;
    add(p, slot, to);
    everyRack[p] = rackSpread(p) == rackCount;
  }

  /**
   * A fast, partial {@link #allows}: false when the replica of {@code p} on {@code from} certainly
   * may not move to {@code to} because it would leave a rack the partition needs, without reading
   * the replica list.
   */
  boolean rackLocked(int p, int from, int to) {
    return everyRack[p] && rack[from] != rack[to];
  }

  /**
   * Makes the replica in {@code slot} the preferred leader by swapping it with the first one: no
   * data moves.
   */
  void makeLeader(int p, int slot) {
    int[] r = replicas[p];
    int oldLeader = r[0];
    int newLeader = r[slot];
    load[EG][oldLeader] -= leaderEgress[p];
    load[LEAD][oldLeader] -= 1;
    load[EG][newLeader] += leaderEgress[p];
    load[LEAD][newLeader] += 1;
    if (hotLeader[p]) {
      hotLeaders[oldLeader]--;
      hotLeaders[newLeader]++;
    }
    r[0] = newLeader;
    r[slot] = oldLeader;
  }

  int slotOf(int p, int b) {
    int[] r = replicas[p];
    for (int slot = 0; slot < r.length; slot++) {
      if (r[slot] == b) {
        return slot;
      }
    }
    return -1;
  }

  /**
   * Number of distinct racks the replicas of {@code p} are on, with broker {@code to} in place of
   * {@code slot}.
   */
  int rackSpreadWith(int p, int slot, int to) {
    int[] r = replicas[p];
    int spread = 0;
    for (int i = 0; i < r.length; i++) {
      int ri = i == slot ? rack[to] : rack[r[i]];
      boolean seen = false;
      for (int j = 0; j < i; j++) {
        int rj = j == slot ? rack[to] : rack[r[j]];
        if (rj == ri) {
          seen = true;
          break;
        }
      }
      spread += seen ? 0 : 1;
    }
    return spread;
  }

  int rackSpread(int p) {
    return rackSpreadWith(p, -1, 0);
  }

  /** The spread every partition must have: one replica per rack up to the replication factor. */
  int targetSpread(int p) {
    return Math.min(replicas[p].length, remainingRacks);
  }

  /**
   * Whether {@code to} may take the replica in {@code slot}: a distinct broker, and rack spread not
   * reduced.
   */
  boolean allows(int p, int slot, int to) {
    int[] r = replicas[p];
    for (int b : r) {
      if (b == to) {
        return false;
      }
    }
    if (rack[to] == rack[r[slot]]) {
      return true;
    }
    return rackSpreadWith(p, slot, to) >= rackSpread(p);
  }

  boolean fitsCapacity(int p, int slot, int to) {
    for (int res = 0; res < BalancedResource.WITH_CAPACITY; res++) {
      if (load[res][to] + contribution(res, p, slot) > hardCapacity[res][to]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether both brokers stay within their hard capacity after the replicas of p (on a) and q (on
   * b) trade places.
   */
  boolean swapFitsCapacity(int p, int slotP, int a, int q, int slotQ, int b) {
    for (int res = 0; res < BalancedResource.WITH_CAPACITY; res++) {
      double x = contribution(res, q, slotQ) - contribution(res, p, slotP);
      if (load[res][a] + x > hardCapacity[res][a] || load[res][b] - x > hardCapacity[res][b]) {
        return false;
      }
    }
    return true;
  }

  List<List<Integer>> assignments() {
    List<List<Integer>> result = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      List<Integer> ids = new ArrayList<>(replicas[p].length);
      for (int b : replicas[p]) {
        ids.add(brokerId[b]);
      }
      result.add(ids);
    }
    return result;
  }

  ClusterModel toModel() {
    return model.withAssignments(assignments());
  }

  /**
   * A broker's partitions, unordered, with a copy of each one's ingress and size beside it: the
   * move search scans every replica of a few brokers per move, and reading these in sequence
   * instead of looking each partition up in the shared arrays (a cache miss per replica) is what
   * makes 1,000,000 replicas plannable.
   */
  static final class IntList {
    private int[] values = new int[16];
    private double[] ingress = new double[16];
    private double[] size = new double[16];
    private int count;

    void add(int v) {
      add(v, 0, 0);
    }

    void add(int v, double in, double bytes) {
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
        ingress = Arrays.copyOf(ingress, count * 2);
        size = Arrays.copyOf(size, count * 2);
      }
      values[count] = v;
      ingress[count] = in;
      size[count++] = bytes;
    }

    void removeValue(int v) {
      for (int i = count - 1; i >= 0; i--) {
        if (values[i] == v) {
          count--;
          values[i] = values[count];
          ingress[i] = ingress[count];
          size[i] = size[count];
          return;
        }
      }
      throw new IllegalStateException("value " + v + " not in list");
    }

    int get(int i) {
      return values[i];
    }

    /**
     * The ingress of the partition at position {@code i}, as given to {@link #add(int, double,
     * double)}.
     */
    double ingressAt(int i) {
      return ingress[i];
    }

    /**
     * The size of the partition at position {@code i}, as given to {@link #add(int, double,
     * double)}.
     */
    double sizeAt(int i) {
      return size[i];
    }

    int size() {
      return count;
    }
  }
}
