package io.serverlesskafka.autoscaler.rebalance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lower bound on the bytes any plan reaching the targets must move, to judge how close a plan
 * gets.
 *
 * <p>Bytes moved are the sizes of replicas leaving brokers, or equally of replicas arriving at
 * brokers. So the bound is the larger of two sums over the remaining brokers (plus, for leaving,
 * everything on brokers being removed):
 *
 * <ul>
 *   <li>leaving a broker above its upper limit: the most of (its excess disk; the fewest bytes that
 *       carry its excess ingress, choosing its partitions with the most ingress per byte first,
 *       fractionally; the sizes of its smallest partitions, as many as its excess replica count);
 *   <li>arriving at a broker below its lower limit: the same with its missing disk, ingress and
 *       replicas, with any partition of the cluster as a candidate.
 * </ul>
 *
 * Each term is a relaxation (fractional knapsack) of what the broker must send or receive, so the
 * bound never exceeds the true minimum. Egress and leader counts are left out: leadership changes
 * fix them without moving data.
 */
public final class BytesMovedBound {
  private BytesMovedBound() {}

  public static long of(ClusterModel model, PlannerSettings settings) {
    return of(model, settings, BalanceTargets.of(model, settings));
  }

  public static long of(ClusterModel model, PlannerSettings settings, BalanceTargets targets) {
    Map<Integer, List<PartitionSpec>> hosted = new HashMap<>();
    for (PartitionSpec p : model.partitions()) {
      for (int b : p.replicas()) {
        hosted.computeIfAbsent(b, k -> new ArrayList<>()).add(p);
      }
    }
    Candidates everywhere = new Candidates(model.partitions());
    Map<Integer, BrokerSpec> brokers = model.brokersById();
    List<BrokerLoad> loads = BrokerLoad.of(model);
    double totalDisk = 0;
    double totalDiskCapacity = 0;
    for (BrokerLoad l : loads) {
      totalDisk += l.disk();
      if (!settings.removeBrokers().contains(l.brokerId())) {
        totalDiskCapacity += brokers.get(l.brokerId()).capacity().diskBytes();
      }
    }
    boolean diskFits = totalDisk <= totalDiskCapacity;
    double leaving = 0;
    List<Double> arriving = new ArrayList<>();
    int hotReplicas = 0;
    for (PartitionSpec p : model.partitions()) {
      hotReplicas += targets.isHotReplica(p) ? p.replicationFactor() : 0;
    }
    for (BrokerLoad l : loads) {
      if (settings.removeBrokers().contains(l.brokerId())) {
        leaving += l.disk();
        continue;
      }
      double upperDisk = targets.upper(BalancedResource.DISK);
      if (diskFits) {
        upperDisk = Math.min(upperDisk, brokers.get(l.brokerId()).capacity().diskBytes());
      }
      double excessIngress = l.ingress() - targets.upper(BalancedResource.INGRESS);
      double excessReplicas =
          Math.ceil(l.replicas() - targets.upper(BalancedResource.REPLICAS) - 1e-9);
      if (l.disk() > upperDisk || excessIngress > 0 || excessReplicas > 0) {
        Candidates mine = new Candidates(hosted.getOrDefault(l.brokerId(), List.of()));
        leaving +=
            Math.max(
                l.disk() - upperDisk,
                Math.max(
                    mine.bytesForIngress(excessIngress), mine.bytesForReplicas(excessReplicas)));
      }
      double missingIngress = targets.lower(BalancedResource.INGRESS) - l.ingress();
      double missingReplicas =
          Math.ceil(targets.lower(BalancedResource.REPLICAS) - l.replicas() - 1e-9);
      arriving.add(
          Math.max(
              Math.max(0, targets.lower(BalancedResource.DISK) - l.disk()),
              Math.max(
                  everywhere.bytesForIngress(missingIngress),
                  everywhere.bytesForReplicas(missingReplicas))));
    }
    // A broker that ends up holding a hot replica is exempt from these floors; which ones will is
    // not known, so the
    // largest deficits, one per hot replica, are left out.
    arriving.sort(java.util.Comparator.reverseOrder());
    double arrivingSum = 0;
    for (int i = hotReplicas; i < arriving.size(); i++) {
      arrivingSum += arriving.get(i);
    }
    return (long) Math.ceil(Math.max(leaving, arrivingSum) - 1e-6);
  }

  /**
   * Partitions sorted two ways, with prefix sums, to answer "fewest bytes that carry X" quickly.
   */
  private static final class Candidates {
    private final double[] ingressByRatio;
    private final double[] sizeByRatio;
    private final double[] sizesAscending;

    Candidates(List<PartitionSpec> partitions) {
      int n = partitions.size();
      double[] ratio = new double[n];
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        ratio[i] = ratio(partitions.get(i));
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(ratio[a], ratio[b]));
      ingressByRatio = new double[n + 1];
      sizeByRatio = new double[n + 1];
      double[] sizes = new double[n];
      for (int i = 0; i < n; i++) {
        PartitionSpec p = partitions.get(order[i]);
        ingressByRatio[i + 1] = ingressByRatio[i] + p.ingressBytesPerSec();
        sizeByRatio[i + 1] = sizeByRatio[i] + p.sizeBytes();
        sizes[i] = p.sizeBytes();
      }
      java.util.Arrays.sort(sizes);
      sizesAscending = new double[n + 1];
      for (int i = 0; i < n; i++) {
        sizesAscending[i + 1] = sizesAscending[i] + sizes[i];
      }
    }

    private static double ratio(PartitionSpec p) {
      return p.ingressBytesPerSec() == 0
          ? Double.POSITIVE_INFINITY
          : (double) p.sizeBytes() / p.ingressBytesPerSec();
    }

    /**
     * Fewest bytes whose ingress adds up to {@code ingress}, taking fractions of partitions (a
     * relaxation).
     */
    double bytesForIngress(double ingress) {
      if (ingress <= 0) {
        return 0;
      }
      int lo = 0;
      int hi = ingressByRatio.length - 1;
      if (ingressByRatio[hi] <= ingress) {
        return sizeByRatio[hi];
      }
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ingressByRatio[mid + 1] < ingress) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      double partIngress = ingressByRatio[lo + 1] - ingressByRatio[lo];
      double partSize = sizeByRatio[lo + 1] - sizeByRatio[lo];
      double fraction = partIngress == 0 ? 0 : (ingress - ingressByRatio[lo]) / partIngress;
      return sizeByRatio[lo] + fraction * partSize;
    }

    /** Sizes of the {@code count} smallest partitions. */
    double bytesForReplicas(double count) {
      if (count <= 0) {
        return 0;
      }
      return sizesAscending[(int) Math.min(count, sizesAscending.length - 1)];
    }
  }
}
