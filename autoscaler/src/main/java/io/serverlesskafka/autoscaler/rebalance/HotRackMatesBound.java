package io.serverlesskafka.autoscaler.rebalance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lower bound of the max ingress that holds for every rack-safe placement in which every broker
 * is within its disk and replica-count limits: what the brokers holding the hottest partitions must
 * carry beside them, because their rack-mates cannot take more disk or replicas.
 *
 * <p><b>Why it is a bound.</b> Let {@code r} be the number of racks that remain. A partition with
 * {@code RF ≥ r} is spread over every rack (hard rule 3), so each rack {@code R} holds at least one
 * replica of it: the rack carries at least {@code D_R} = the sum of their sizes and {@code C_R} =
 * their count. Take the {@code j} hottest of these partitions, {@code H}, and the {@code k} brokers
 * of {@code R} (1 ≤ k ≤ min(j, n_R)) that hold their replicas in {@code R}. The other {@code n_R −
 * k} brokers of the rack carry at most {@code U_D} disk and {@code U_C} replicas each, so the
 * {@code k} brokers carry, beside their replicas of {@code H}, at least {@code D = D_R − size(H) −
 * (n_R − k) U_D} of disk in at least {@code C = C_R − j − (n_R − k) U_C} replicas, chosen among the
 * other replicas (partition {@code p} at most {@code m_p = min(k, RF_p − min(RF_p, r) + 1)} times:
 * a broker holds one replica of a partition, a rack at most that many). Their ingress is at least
 * {@code ingress(H)} plus the least ingress of such a choice, which is at least that of the
 * fractional choice (a linear program: minimise {@code Σ a_p x_p} subject to {@code Σ d_p x_p ≥ D},
 * {@code Σ x_p ≥ C}, {@code 0 ≤ x_p ≤ m_p}). For any multipliers {@code λ, μ ≥ 0} and any such
 * {@code x}: {@code Σ a_p x_p ≥ Σ a_p x_p − λ(Σ d_p x_p − D) − μ(Σ x_p − C) = λD + μC + Σ (a_p −
 * λd_p − μ) x_p ≥ λD + μC + Σ m_p min(0, a_p − λd_p − μ)} (weak duality), so any {@code λ, μ} give
 * a valid bound and the search for good ones below need not be exact. The busiest of the {@code k}
 * brokers carries at least the average; {@code k} is not known, so the bound for {@code H} is the
 * least over {@code k}, and the result the largest over racks and {@code j}.
 *
 * <p>It only matters when a partition alone takes most of a broker's room (a rack of few brokers, a
 * replica near a broker's share of ingress): it is computed only for partitions hotter than {@code
 * threshold}, and is 0 when there are none.
 */
final class HotRackMatesBound {
  /** Partitions per rack taken as {@code H}, hottest first. */
  private static final int MAX_HOT = 6;

  private static final int LAMBDA_STEPS = 48;

  private HotRackMatesBound() {}

  /**
   * @param upperDisk the disk every broker must stay within
   * @param upperReplicas the replica count every broker must stay within
   * @param threshold only partitions with more ingress than this are taken as hot
   */
  static double of(
      ClusterModel model,
      PlannerSettings settings,
      double upperDisk,
      double upperReplicas,
      double threshold) {
    List<PartitionSpec> partitions = model.partitions();
    boolean anyHot = false;
    for (PartitionSpec p : partitions) {
      anyHot |= p.ingressBytesPerSec() > threshold;
    }
    if (!anyHot) {
      return 0;
    }
    Map<String, Integer> rackSize = new HashMap<>();
    int unracked = 0;
    for (BrokerSpec b : model.brokers()) {
      if (!settings.removeBrokers().contains(b.id())) {
        if (b.hasRack()) {
          rackSize.merge(b.rack(), 1, Integer::sum);
        } else {
          unracked++;
        }
      }
    }
    int racks = rackSize.size() + unracked;
    // Every rack holds a replica of these; the same for every rack.
    List<PartitionSpec> everywhere = new ArrayList<>();
    for (PartitionSpec p : partitions) {
      if (p.replicationFactor() >= racks) {
        everywhere.add(p);
      }
    }
    everywhere.sort((x, y) -> Long.compare(y.ingressBytesPerSec(), x.ingressBytesPerSec()));
    double rackDisk = 0;
    for (PartitionSpec p : everywhere) {
      rackDisk += p.sizeBytes();
    }
    int n = partitions.size();
    double[] a = new double[n];
    double[] d = new double[n];
    int[] maxPerRack = new int[n];
    Map<PartitionSpec, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      PartitionSpec p = partitions.get(i);
      a[i] = p.ingressBytesPerSec();
      d[i] = p.sizeBytes();
      int rf = p.replicationFactor();
      maxPerRack[i] = rf - Math.min(rf, racks) + 1;
      index.put(p, i);
    }
    double best = 0;
    List<Integer> sizes = new ArrayList<>(rackSize.values());
    if (unracked > 0) {
      sizes.add(1);
    }
    for (int brokersInRack : sizes.stream().distinct().sorted().toList()) {
      double hotIngress = 0;
      double hotDisk = 0;
      int[] hotCopies = new int[n];
      for (int j = 1; j <= Math.min(MAX_HOT, everywhere.size()); j++) {
        PartitionSpec h = everywhere.get(j - 1);
        if (h.ingressBytesPerSec() <= threshold) {
          break;
        }
        hotIngress += h.ingressBytesPerSec();
        hotDisk += h.sizeBytes();
        hotCopies[index.get(h)] = 1;
        double forH = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= Math.min(j, brokersInRack); k++) {
          double disk = rackDisk - hotDisk - (brokersInRack - k) * upperDisk;
          double count = everywhere.size() - j - (brokersInRack - k) * upperReplicas;
          double others = 0;
          if (disk > 0 || count > 0) {
            int[] m = new int[n];
            for (int i = 0; i < n; i++) {
              m[i] = Math.min(k, maxPerRack[i]) - hotCopies[i];
            }
            others = leastIngress(a, d, m, Math.max(0, disk), Math.max(0, count));
          }
          forH = Math.min(forH, (hotIngress + others) / k);
        }
        best = Math.max(best, forH);
      }
    }
    return best;
  }

  /**
   * A lower bound of {@code min Σ a_i x_i} subject to {@code Σ d_i x_i ≥ disk}, {@code Σ x_i ≥
   * count}, {@code 0 ≤ x_i ≤ m_i}: the Lagrangian dual at the best {@code λ} found by a ternary
   * search (the dual is concave in {@code λ} once {@code μ} is chosen best, which is exact: the
   * count-th smallest {@code a_i − λ d_i}, counting multiplicities). Never above the true minimum,
   * whatever {@code λ} is reached. Public for tests.
   */
  static double leastIngress(double[] a, double[] d, int[] m, double disk, double count) {
    return search(a, d, m, disk, count)[1];
  }

  /** The multiplier {@code λ} of disk at the best bound found. */
  static double diskMultiplier(double[] a, double[] d, int[] m, double disk, double count) {
    return search(a, d, m, disk, count)[0];
  }

  /** {λ, bound} at the best λ found. */
  private static double[] search(double[] a, double[] d, int[] m, double disk, double count) {
    double maxRatio = 0;
    for (int i = 0; i < a.length; i++) {
      if (d[i] > 0 && m[i] > 0) {
        maxRatio = Math.max(maxRatio, a[i] / d[i]);
      }
    }
    double lo = 0;
    double hi = Math.max(maxRatio, 1e-300);
    double best = dual(a, d, m, disk, count, 0);
    double bestLambda = 0;
    double atHi = dual(a, d, m, disk, count, hi);
    if (atHi > best) {
      best = atHi;
      bestLambda = hi;
    }
    for (int step = 0; step < LAMBDA_STEPS; step++) {
      double l1 = lo + (hi - lo) / 3;
      double l2 = hi - (hi - lo) / 3;
      double g1 = dual(a, d, m, disk, count, l1);
      double g2 = dual(a, d, m, disk, count, l2);
      if (g1 > best) {
        best = g1;
        bestLambda = l1;
      }
      if (g2 > best) {
        best = g2;
        bestLambda = l2;
      }
      if (g1 < g2) {
        lo = l1;
      } else {
        hi = l2;
      }
    }
    return new double[] {bestLambda, Math.max(0, best)};
  }

  /** The dual function at {@code λ}, with the best {@code μ ≥ 0} for it. */
  static double dual(double[] a, double[] d, int[] m, double disk, double count, double lambda) {
    int copies = 0;
    for (int mi : m) {
      copies += Math.max(0, mi);
    }
    double[] c = new double[copies];
    int k = 0;
    for (int i = 0; i < a.length; i++) {
      for (int copy = 0; copy < m[i]; copy++) {
        c[k++] = a[i] - lambda * d[i];
      }
    }
    // μ: the ⌈count⌉-th smallest reduced cost, where the derivative count − #{c < μ} changes sign;
    // not below 0. (Any μ ≥ 0 would give a valid bound; this one gives the best for this λ.)
    double mu = 0;
    int rank = (int) Math.ceil(count);
    if (rank > 0 && copies > 0) {
      mu = Math.max(0, select(c.clone(), Math.min(rank, copies) - 1));
    }
    double g = lambda * disk + mu * count;
    for (double ci : c) {
      g += Math.min(0, ci - mu);
    }
    return g;
  }

  /** The {@code rank}-th smallest value (from 0), reordering {@code v}: Hoare's selection. */
  static double select(double[] v, int rank) {
    int lo = 0;
    int hi = v.length - 1;
    while (lo < hi) {
      double pivot = v[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (v[i] < pivot) {
          i++;
        }
        while (v[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = v[i];
          v[i] = v[j];
          v[j] = t;
          i++;
          j--;
        }
      }
      if (rank <= j) {
        hi = j;
      } else if (rank >= i) {
        lo = i;
      } else {
        return v[rank];
      }
    }
    return v[rank];
  }
}
