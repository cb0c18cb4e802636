package io.serverlesskafka.autoscaler.rebalance;

import static io.serverlesskafka.autoscaler.rebalance.PlanningState.EG;
import static io.serverlesskafka.autoscaler.rebalance.PlanningState.LEAD;
import static io.serverlesskafka.autoscaler.rebalance.PlanningState.RESOURCES;

/**
 * How far the placement is from the targets: for each remaining broker and resource, the squared
 * distance outside the band [lower, upper], relative to the mean. Zero inside the band, so the
 * planner stops moving data as soon as every broker is within it (fewest bytes), and squared so
 * that one very hot broker costs more than several slightly warm ones. Brokers being removed cost
 * nothing: whatever they hold leaves anyway.
 */
final class PlacementCost {
  private final PlanningState state;
  private final double[] weight;
  private final double[][] upper;
  private final double[] lower;
  private final double[] inverseScale;

  /**
   * Capacity is a hard rule: load above it weighs this much more than load above the balance band.
   */
  private static final double CAPACITY_WEIGHT = 1000;

  PlacementCost(PlanningState state, BalanceTargets targets, double[] weight) {
    this.state = state;
    this.weight = weight.clone();
    upper = new double[RESOURCES][state.brokers];
    lower = new double[RESOURCES];
    inverseScale = new double[RESOURCES];
    for (BalancedResource r : BalancedResource.values()) {
      int i = r.ordinal();
      lower[i] = targets.lower(r);
      double mean = targets.mean(r);
      inverseScale[i] = mean > 0 ? 1.0 / mean : 0;
      double aim = targets.upper(r);
      if (!r.isCount()) {
        // Aim a little inside the limit (0.1 %) so that the last moves do not leave a broker a
        // rounding error above
        // it. Not more: every byte of ingress aimed below the limit is data moved for nothing (at
        // 0.5 %, rebalancing
        // 24 brokers / 6,000 partitions in place moved 21.8 GiB instead of 19.9).
        aim -= Math.min(0.001 * aim, Math.max(0, aim - mean) / 2);
      }
      for (int b = 0; b < state.brokers; b++) {
        double limit = aim;
        if (r.hasCapacity()) {
          limit = Math.min(limit, state.hardCapacity[i][b]);
        }
        upper[i][b] = limit;
      }
    }
  }

  /**
   * Weights that ignore leadership: replica moves balance data first, leadership changes fix egress
   * for free.
   */
  static double[] dataWeights() {
    double[] w = allWeights();
    w[EG] = 0;
    w[LEAD] = 0;
    return w;
  }

  /**
   * Every resource, ingress, disk and replica counts weighing {@link #DATA_FIRST} times more than
   * egress and leaderships: in effect lexicographic, moves that fix the latter may not undo the
   * former (at 100 times, 12 brokers with one hot partition still ended 1 % above the ingress
   * target and at the disk limit; at a million times every data resource ends within it). Load
   * above capacity in egress then weighs less than load above the band in the data resources; only
   * used when a partition is hot in ingress, whose leader is often above its egress capacity by
   * that partition alone anyway.
   */
  static double[] dataFirstWeights() {
    double[] w = allWeights();
    w[PlanningState.IN] = DATA_FIRST;
    w[PlanningState.DISK] = DATA_FIRST;
    w[PlanningState.REPL] = DATA_FIRST;
    return w;
  }

  private static final double DATA_FIRST = 1e6;

  static double[] allWeights() {
    double[] w = new double[RESOURCES];
    java.util.Arrays.fill(w, 1.0);
    return w;
  }

  static double[] leadershipWeights() {
    double[] w = new double[RESOURCES];
    w[EG] = 1.0;
    w[LEAD] = 1.0;
    return w;
  }

  boolean counts(int resource) {
    return weight[resource] > 0;
  }

  double penalty(int r, int b, double value) {
    return penalty(r, b, value, state.exemptFromLower(r, b));
  }

  private double penalty(int r, int b, double value, boolean exempt) {
    if (state.removed[b] || weight[r] == 0) {
      return 0;
    }
    double over = value - upper[r][b];
    if (over > 0) {
      over *= inverseScale[r];
      double penalty = weight[r] * over * over;
      if (r < BalancedResource.WITH_CAPACITY && value > state.hardCapacity[r][b]) {
        double aboveCapacity = (value - state.hardCapacity[r][b]) * inverseScale[r];
        penalty += CAPACITY_WEIGHT * aboveCapacity * aboveCapacity;
      }
      return penalty;
    }
    double under = lower[r] - value;
    if (under > 0 && !exempt) {
      under *= inverseScale[r];
      return weight[r] * under * under;
    }
    return 0;
  }

  /**
   * The penalty of broker {@code b} if it gained ({@code sign} 1) or lost (-1) the replica of
   * {@code p} in {@code slot}, with its counts of hot replicas and hot leaderships changed
   * accordingly: without touching the state, as a candidate move of a hot partition is scored many
   * times.
   */
  private double penaltyAfter(
      int b, int p, int slot, int sign, int hotReplicaChange, int hotLeaderChange) {
    boolean hotReplica = state.hotReplicas[b] + hotReplicaChange > 0;
    boolean hotLeader = state.hotLeaders[b] + hotLeaderChange > 0;
    double sum = 0;
    for (int r = 0; r < RESOURCES; r++) {
      boolean exempt = BalanceTargets.exemptFromLower(PlanningState.ALL[r], hotReplica, hotLeader);
      sum += penalty(r, b, state.load[r][b] + sign * state.contribution(r, p, slot), exempt);
    }
    return sum;
  }

  /**
   * Change of the cost of brokers {@code a} and {@code b} when {@code change} is applied and then
   * undone by {@code undo}: for moves of hot partitions, which change which brokers are exempt from
   * lower limits in other resources too. Few partitions are hot, so this slow path is rare.
   */
  private double deltaByApplying(int a, int b, Runnable change, Runnable undo) {
    double before = brokerPenalty(a) + brokerPenalty(b);
    change.run();
    double after = brokerPenalty(a) + brokerPenalty(b);
    undo.run();
    return after - before;
  }

  double brokerPenalty(int b) {
    double sum = 0;
    for (int r = 0; r < RESOURCES; r++) {
      sum += penalty(r, b, state.load[r][b]);
    }
    return sum;
  }

  /**
   * Whether the broker's worst problem is too much load (it should give) rather than too little (it
   * should take).
   */
  boolean isOverloaded(int b) {
    double over = 0;
    double under = 0;
    for (int r = 0; r < RESOURCES; r++) {
      double p = penalty(r, b, state.load[r][b]);
      if (state.load[r][b] > upper[r][b]) {
        over += p;
      } else {
        under += p;
      }
    }
    return over >= under;
  }

  /** The resource that contributes most to the broker's penalty. */
  int worstResource(int b) {
    int worst = -1;
    double worstPenalty = 0;
    for (int r = 0; r < RESOURCES; r++) {
      double p = penalty(r, b, state.load[r][b]);
      if (p > worstPenalty) {
        worstPenalty = p;
        worst = r;
      }
    }
    return worst;
  }

  /** The resource the broker has most too much of ({@code over}) or too little of; -1 when none. */
  int worstResource(int b, boolean over) {
    int worst = -1;
    double worstPenalty = 0;
    for (int r = 0; r < RESOURCES; r++) {
      boolean isOver = state.load[r][b] > upper[r][b];
      double p = penalty(r, b, state.load[r][b]);
      if (isOver == over && p > worstPenalty) {
        worstPenalty = p;
        worst = r;
      }
    }
    return worst;
  }

  /**
   * How much of {@code resource} broker {@code b} has above its upper limit ({@code over}) or below
   * its lower limit; 0 when inside. What one move can usefully take away from (or bring to) the
   * broker.
   */
  double gap(int resource, int b, boolean over) {
    double load = state.load[resource][b];
    return over ? Math.max(0, load - upper[resource][b]) : Math.max(0, lower[resource] - load);
  }

  /**
   * The slope of the broker's penalty in {@code r} at its current load: positive above the band,
   * negative below, zero inside. A first-order estimate of what a replica is worth to the broker,
   * for ranking candidates.
   */
  double slope(int r, int b) {
    if (state.removed[b] || weight[r] == 0) {
      return 0;
    }
    double value = state.load[r][b];
    double s2 = inverseScale[r] * inverseScale[r];
    double over = value - upper[r][b];
    if (over > 0) {
      double slope = 2 * weight[r] * over * s2;
      if (r < BalancedResource.WITH_CAPACITY && value > state.hardCapacity[r][b]) {
        slope += 2 * CAPACITY_WEIGHT * (value - state.hardCapacity[r][b]) * s2;
      }
      return slope;
    }
    double under = lower[r] - value;
    return under > 0 ? -2 * weight[r] * under * s2 : 0;
  }

  /** Load relative to the mean, for ranking brokers by one resource. */
  double relativeLoad(int r, int b) {
    return state.load[r][b] * inverseScale[r];
  }

  /**
   * Change of the total cost if the replica of {@code p} in {@code slot} moved to broker {@code
   * to}.
   */
  double moveDelta(int p, int slot, int to) {
    int from = state.replicas[p][slot];
    if (state.changesExemption(p, slot)) {
      int hotR = state.hotReplica[p] ? 1 : 0;
      int hotL = slot == 0 && state.hotLeader[p] ? 1 : 0;
      return penaltyAfter(from, p, slot, -1, -hotR, -hotL)
          - brokerPenalty(from)
          + penaltyAfter(to, p, slot, 1, hotR, hotL)
          - brokerPenalty(to);
    }
    double delta = 0;
    for (int r = 0; r < RESOURCES; r++) {
      if (weight[r] == 0) {
        continue;
      }
      double x = state.contribution(r, p, slot);
      if (x == 0) {
        continue;
      }
      double lf = state.load[r][from];
      double lt = state.load[r][to];
      delta +=
          penalty(r, from, lf - x)
              - penalty(r, from, lf)
              + penalty(r, to, lt + x)
              - penalty(r, to, lt);
    }
    return delta;
  }

  /**
   * Change of the total cost if the replica of {@code p} on {@code a} and the one of {@code q} on
   * {@code b} traded places.
   */
  double swapDelta(int p, int slotP, int a, int q, int slotQ, int b) {
    if (state.changesExemption(p, slotP) || state.changesExemption(q, slotQ)) {
      return deltaByApplying(
          a,
          b,
          () -> {
            state.moveReplica(p, slotP, b);
            state.moveReplica(q, slotQ, a);
          },
          () -> {
            state.moveReplica(q, slotQ, b);
            state.moveReplica(p, slotP, a);
          });
    }
    double delta = 0;
    for (int r = 0; r < RESOURCES; r++) {
      if (weight[r] == 0) {
        continue;
      }
      double x = state.contribution(r, q, slotQ) - state.contribution(r, p, slotP);
      if (x == 0) {
        continue;
      }
      double la = state.load[r][a];
      double lb = state.load[r][b];
      delta +=
          penalty(r, a, la + x) - penalty(r, a, la) + penalty(r, b, lb - x) - penalty(r, b, lb);
    }
    return delta;
  }

  /** Change of the total cost if the replica in {@code slot} became the leader of {@code p}. */
  double leadershipDelta(int p, int slot) {
    int from = state.replicas[p][0];
    int to = state.replicas[p][slot];
    if (state.hotLeader[p]) {
      return deltaByApplying(
          from, to, () -> state.makeLeader(p, slot), () -> state.makeLeader(p, slot));
    }
    double x = state.leaderEgress[p];
    double lf = state.load[EG][from];
    double lt = state.load[EG][to];
    double delta =
        penalty(EG, from, lf - x)
            - penalty(EG, from, lf)
            + penalty(EG, to, lt + x)
            - penalty(EG, to, lt);
    lf = state.load[LEAD][from];
    lt = state.load[LEAD][to];
    delta +=
        penalty(LEAD, from, lf - 1)
            - penalty(LEAD, from, lf)
            + penalty(LEAD, to, lt + 1)
            - penalty(LEAD, to, lt);
    return delta;
  }

  /**
   * Change of the cost if broker {@code a} gained {@code egress} and broker {@code b} lost it
   * (leader counts unchanged).
   */
  double leadershipSwapDelta(int a, int b, double egress) {
    double la = state.load[EG][a];
    double lb = state.load[EG][b];
    return penalty(EG, a, la + egress)
        - penalty(EG, a, la)
        + penalty(EG, b, lb - egress)
        - penalty(EG, b, lb);
  }

  /**
   * Change of the cost if {@code v} handed the leadership of {@code p} to {@code f} and took that
   * of {@code q}: exact, for hot partitions, whose leadership changes which broker is exempt from
   * the leader count's floor.
   */
  double leadershipTradeDelta(int p, int q, int v, int f) {
    int slotP = state.slotOf(p, f);
    int slotQ = state.slotOf(q, v);
    return deltaByApplying(
        v,
        f,
        () -> {
          state.makeLeader(p, slotP);
          state.makeLeader(q, slotQ);
        },
        () -> {
          state.makeLeader(q, slotQ);
          state.makeLeader(p, slotP);
        });
  }

  boolean egressSwapFits(int a, int b, double egress) {
    return state.load[EG][a] + egress <= state.hardCapacity[EG][a]
        && state.load[EG][b] - egress <= state.hardCapacity[EG][b];
  }

  boolean egressFits(int p, int slot) {
    int to = state.replicas[p][slot];
    return state.load[EG][to] + state.leaderEgress[p] <= state.hardCapacity[EG][to];
  }
}
