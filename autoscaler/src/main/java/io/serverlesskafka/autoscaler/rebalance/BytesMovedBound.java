package io.serverlesskafka.autoscaler.rebalance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lower bound on the bytes any plan reaching the targets must move, to judge how close a plan gets.
 *
 * <p>Bytes moved are counted once, as replicas leaving a broker, or equally as replicas arriving at one. So:
 * <ul>
 *   <li>leaving: a broker being removed sends all its data; a remaining broker above its upper limit sends at
 *       least its excess disk, at least its excess ingress at its best bytes-per-ingress ratio, and at least its
 *       excess replica count times its smallest partition;
 *   <li>arriving: a broker below its lower limit receives at least its missing disk, and its missing ingress
 *       and replicas at the cluster's best ratio / smallest partition.
 * </ul>
 * The bound is the larger of the two sums. Egress and leader counts are left out: leadership changes fix them
 * without moving data.
 */
public final class BytesMovedBound {
  private BytesMovedBound() {}

  public static long of(ClusterModel model, PlannerSettings settings) {
    return of(model, settings, BalanceTargets.of(model, settings));
  }

  public static long of(ClusterModel model, PlannerSettings settings, BalanceTargets targets) {
    Map<Integer, double[]> ratioAndSmallest = new HashMap<>();
    double globalRatio = Double.POSITIVE_INFINITY;
    double globalSmallest = Double.POSITIVE_INFINITY;
    for (PartitionSpec p : model.partitions()) {
      double ratio = p.ingressBytesPerSec() > 0 ? (double) p.sizeBytes() / p.ingressBytesPerSec() : Double.POSITIVE_INFINITY;
      globalRatio = Math.min(globalRatio, ratio);
      globalSmallest = Math.min(globalSmallest, p.sizeBytes());
      for (int b : p.replicas()) {
        double[] v = ratioAndSmallest.computeIfAbsent(b, k -> new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY});
        v[0] = Math.min(v[0], ratio);
        v[1] = Math.min(v[1], p.sizeBytes());
      }
    }
    Map<Integer, BrokerSpec> brokers = model.brokersById();
    List<BrokerLoad> loads = BrokerLoad.of(model);
    double totalDisk = 0;
    double totalIngress = 0;
    double totalDiskCapacity = 0;
    for (BrokerLoad l : loads) {
      totalDisk += l.disk();
      totalIngress += l.ingress();
      if (!settings.removeBrokers().contains(l.brokerId())) {
        totalDiskCapacity += brokers.get(l.brokerId()).capacity().diskBytes();
      }
    }
    boolean diskFits = totalDisk <= totalDiskCapacity;
    double leaving = 0;
    double arriving = 0;
    for (BrokerLoad l : loads) {
      if (settings.removeBrokers().contains(l.brokerId())) {
        leaving += l.disk();
        continue;
      }
      double upperDisk = targets.upper(Resource.DISK);
      if (diskFits) {
        upperDisk = Math.min(upperDisk, brokers.get(l.brokerId()).capacity().diskBytes());
      }
      double[] v = ratioAndSmallest.getOrDefault(l.brokerId(), new double[] {0, 0});
      double out = Math.max(0, l.disk() - upperDisk);
      out = Math.max(out, finite(Math.max(0, l.ingress() - targets.upper(Resource.INGRESS)) * v[0]));
      out = Math.max(out, finite(Math.max(0, l.replicas() - targets.upper(Resource.REPLICAS)) * v[1]));
      leaving += out;
      double in = Math.max(0, targets.lower(Resource.DISK) - l.disk());
      in = Math.max(in, finite(Math.max(0, targets.lower(Resource.INGRESS) - l.ingress()) * globalRatio));
      in = Math.max(in, finite(Math.max(0, targets.lower(Resource.REPLICAS) - l.replicas()) * globalSmallest));
      arriving += in;
    }
    return (long) Math.ceil(Math.max(leaving, arriving) - 1e-6);
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
