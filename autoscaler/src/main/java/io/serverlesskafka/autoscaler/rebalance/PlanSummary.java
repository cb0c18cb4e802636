package io.serverlesskafka.autoscaler.rebalance;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a plan changes, in the numbers a platform engineer checks before running it: imbalance
 * before and after, how much data moves compared with the least possible, and how long that takes
 * under the throttle.
 *
 * <p>The time estimate assumes Kafka's replication throttle applies per broker (as {@code
 * leader.replication.throttled.rate} and {@code follower.replication.throttled.rate} do), all moves
 * run at once, and new replicas copy from the current leader: it is the busiest broker's bytes in
 * or out divided by the throttle.
 */
public record PlanSummary(
    PlanMode mode,
    List<ResourceImbalance> before,
    List<ResourceImbalance> after,
    int partitionsChanged,
    int replicaMoves,
    int leadershipChanges,
    long bytesMoved,
    long bytesLowerBound,
    long busiestBrokerBytes,
    double throttleBytesPerSec,
    int rackViolationsBefore,
    int rackViolationsAfter,
    int capacityViolationsBefore,
    int capacityViolationsAfter) {

  public static final double MIB = 1024.0 * 1024.0;

  public static PlanSummary of(RebalanceResult result, double throttleBytesPerSec) {
    PlannerSettings settings = result.settings();
    BalanceTargets targets = BalanceTargets.of(result.before(), settings);
    ReassignmentPlan plan = result.plan();
    return new PlanSummary(
        result.mode(),
        ResourceImbalance.measure(result.before(), settings, targets),
        ResourceImbalance.measure(result.after(), settings, targets),
        plan.partitions().size(),
        plan.replicaMoves(),
        plan.leadershipChanges(),
        plan.bytesMoved(),
        BytesMovedBound.of(result.before(), settings, targets),
        busiestBrokerBytes(plan),
        throttleBytesPerSec,
        PlanVerifier.rackViolations(result.before(), settings),
        PlanVerifier.rackViolations(result.after(), settings),
        PlanVerifier.capacityViolations(result.before(), settings).size(),
        PlanVerifier.capacityViolations(result.after(), settings).size());
  }

  private static long busiestBrokerBytes(ReassignmentPlan plan) {
    Map<Integer, Long> in = new HashMap<>();
    Map<Integer, Long> out = new HashMap<>();
    for (PartitionReassignment r : plan.partitions()) {
      for (int b : r.replicas()) {
        if (!r.currentReplicas().contains(b)) {
          in.merge(b, r.sizeBytes(), Long::sum);
          out.merge(r.currentReplicas().get(0), r.sizeBytes(), Long::sum);
        }
      }
    }
    long busiest = 0;
    for (long v : in.values()) {
      busiest = Math.max(busiest, v);
    }
    for (long v : out.values()) {
      busiest = Math.max(busiest, v);
    }
    return busiest;
  }

  public double estimatedSeconds() {
    return throttleBytesPerSec <= 0 ? 0 : busiestBrokerBytes / throttleBytesPerSec;
  }

  public String format() {
    StringBuilder s = new StringBuilder();
    s.append("Mode: ").append(mode.description()).append('\n');
    s.append(
        String.format(
            Locale.ROOT,
            "%-9s %16s %15s %9s %16s %15s%n",
            "resource",
            "before max/mean",
            "after max/mean",
            "target",
            "bound (forced by)",
            "after min/mean"));
    for (int i = 0; i < before.size(); i++) {
      ResourceImbalance b = before.get(i);
      ResourceImbalance a = after.get(i);
      String bound =
          String.format(Locale.ROOT, "%.3f", a.boundOverMean())
              + (a.boundReason().isEmpty() ? "" : " (" + a.boundReason() + ")");
      s.append(
          String.format(
              Locale.ROOT,
              "%-9s %16.3f %15.3f %9s %16s %15.3f%s%n",
              a.resource().label(),
              b.maxOverMean(),
              a.maxOverMean(),
              String.format(Locale.ROOT, "<=%.3f", a.targetOverMean()),
              bound,
              a.minOverMean(),
              a.withinLimits() ? "" : "  (out of band)"));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "Partitions changed: %d (replica moves: %d, leadership changes: %d)%n",
            partitionsChanged,
            replicaMoves,
            leadershipChanges));
    String ratio =
        bytesLowerBound > 0
            ? String.format(Locale.ROOT, ", %.2fx", (double) bytesMoved / bytesLowerBound)
            : "";
    s.append(
        String.format(
            Locale.ROOT,
            "Bytes moved: %s (lower bound %s%s)%n",
            bytes(bytesMoved),
            bytes(bytesLowerBound),
            ratio));
    s.append(
        String.format(
            Locale.ROOT,
            "Estimated time at %.0f MiB/s per broker: %s (busiest broker sends or receives %s)%n",
            throttleBytesPerSec / MIB,
            duration(estimatedSeconds()),
            bytes(busiestBrokerBytes)));
    s.append(
        String.format(
            Locale.ROOT,
            "Rack violations: %d before, %d after. Brokers over capacity: %d before, %d after.%n",
            rackViolationsBefore,
            rackViolationsAfter,
            capacityViolationsBefore,
            capacityViolationsAfter));
    return s.toString();
  }

  static String bytes(long value) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = value;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? value + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  static String duration(double seconds) {
    long total = Math.round(Math.ceil(seconds));
    long h = total / 3600;
    long m = (total % 3600) / 60;
    long sec = total % 60;
    if (h > 0) {
      return String.format(Locale.ROOT, "%dh %02dm %02ds", h, m, sec);
    }
    return m > 0 ? String.format(Locale.ROOT, "%dm %02ds", m, sec) : sec + "s";
  }
}
