package io.serverlesskafka.benchmarks.rebalance;

import io.serverlesskafka.autoscaler.rebalance.BalanceTargets;
import io.serverlesskafka.autoscaler.rebalance.BytesMovedBound;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PlanVerifier;
import io.serverlesskafka.autoscaler.rebalance.PlannerSettings;
import io.serverlesskafka.autoscaler.rebalance.ReassignmentPlan;
import io.serverlesskafka.autoscaler.rebalance.RebalancePlanner;
import io.serverlesskafka.autoscaler.rebalance.RebalanceResult;
import io.serverlesskafka.autoscaler.rebalance.ResourceImbalance;
import io.serverlesskafka.benchmarks.rebalance.SnapshotGenerator.Shape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Our planner against Kafka's own placement ({@code kafka-reassign-partitions --generate}) on
 * generated snapshots: imbalance per resource, bytes moved against the lower bound, rack
 * violations, planning time. Prints a Markdown table (the one in docs/benchmarks.md).
 */
@Command(
    name = "bench-planner",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks the rebalance planner against Kafka's placement on generated snapshots.")
public final class PlannerBenchmark implements Callable<Integer> {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int[][] SIZES = {
    {6, 300}, {12, 1_200}, {24, 6_000}, {48, 24_000}, {100, 100_000}
  };

  @Option(
      names = "--max-brokers",
      defaultValue = "200",
      description = "Skip cases with more brokers (default: ${DEFAULT-VALUE}).")
  int maxBrokers;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the generated snapshots (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--only",
      paramLabel = "TEXT",
      description = "Run only the cases whose name contains TEXT.")
  String only;

  @Option(
      names = "--write-snapshots",
      paramLabel = "DIR",
      description = "Also write every generated snapshot there.")
  Path snapshotDir;

  @Option(
      names = "--snapshots-only",
      description =
          "With --write-snapshots: write the snapshots, plan nothing (for timing `bin/skafka plan`).")
  boolean snapshotsOnly;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PlannerBenchmark()).execute(args));
  }

  private record Case(String name, Shape shape, Set<Integer> remove) {
    int brokers() {
      return shape.brokers();
    }
  }

  @Override
  public Integer call() throws Exception {
    if (snapshotsOnly && snapshotDir == null) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--snapshots-only needs --write-snapshots DIR");
    }
    if (!snapshotsOnly) {
      warmUp();
    }
    System.out.println(
        "| case | brokers / partitions | placement | ingress | egress | disk | replicas | leaders | balanced | bytes moved | lower bound | moved / bound | rack violations | plan time |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    List<String> misses = new ArrayList<>();
    List<Case> all = new ArrayList<>();
    for (int[] size : SIZES) {
      all.addAll(cases(size[0], size[1]));
    }
    all.addAll(hardCases());
    for (Case c : all) {
      if (c.brokers() <= maxBrokers && (only == null || c.name().contains(only))) {
        run(c, misses);
      }
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Plan time: median of 5 runs (3 from 48 brokers) after a warm-up; load average at the end %.2f on %d cores.%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    System.out.println(
        misses.isEmpty() ? "All targets met." : "Targets missed:\n" + String.join("\n", misses));
    return 0;
  }

  private static List<Case> cases(int brokers, int partitions) {
    int k = (int) Math.ceil(brokers / 10.0);
    Set<Integer> drained = new TreeSet<>();
    for (int b = brokers - k; b < brokers; b++) {
      drained.add(b);
    }
    return List.of(
        new Case("in-place", Shape.of(brokers, partitions, brokers), Set.of()),
        new Case("scale-out +" + k, Shape.of(brokers, partitions, brokers - k), Set.of()),
        new Case("drain -" + k, Shape.of(brokers, partitions, brokers), drained));
  }

  /**
   * Cases where a hot partition or the rack layout forces the busiest broker above maxImbalance ×
   * mean, so the target is 1.02 × the physical lower bound; plus mixed replication factors and the
   * sizes of the time targets.
   */
  private static List<Case> hardCases() {
    return List.of(
        new Case(
            "drain -2, racks 5/4/3", Shape.of(12, 1_200, 12).withRacks(5, 4, 3), highest(12, 2)),
        new Case(
            "drain -4, racks 10/8/6", Shape.of(24, 6_000, 24).withRacks(10, 8, 6), highest(24, 4)),
        new Case(
            "drain -6, racks 20/16/12",
            Shape.of(48, 24_000, 48).withRacks(20, 16, 12),
            highest(48, 6)),
        new Case(
            "zone outage (rack c)",
            Shape.of(24, 6_000, 24),
            Shape.of(24, 6_000, 24).brokersOfRack(2)),
        new Case(
            "zone outage (rack c)",
            Shape.of(48, 24_000, 48),
            Shape.of(48, 24_000, 48).brokersOfRack(2)),
        new Case("1 hot partition", Shape.of(12, 1_200, 12).withHotPartitions(1), Set.of()),
        new Case("3 hot partitions", Shape.of(24, 6_000, 24).withHotPartitions(3), Set.of()),
        new Case(
            "5 hot partitions, drain -5",
            Shape.of(48, 24_000, 48).withHotPartitions(5),
            highest(48, 5)),
        new Case("mixed RF 2/3", Shape.of(24, 6_000, 24).withRf2Share(0.4), Set.of()),
        new Case(
            "mixed RF 2/3, scale-out +5", Shape.of(48, 24_000, 43).withRf2Share(0.4), Set.of()),
        new Case("scale-out 100 -> 120", Shape.of(120, 100_000, 100), Set.of()),
        new Case("in-place", Shape.of(200, 333_334, 200), Set.of()),
        new Case("scale-out +20", Shape.of(200, 333_334, 180), Set.of()));
  }

  private static Set<Integer> highest(int brokers, int count) {
    Set<Integer> ids = new TreeSet<>();
    for (int b = brokers - count; b < brokers; b++) {
      ids.add(b);
    }
    return ids;
  }

  private void run(Case c, List<String> misses) throws Exception {
    ClusterModel before = SnapshotGenerator.generate(c.shape(), seed);
    if (snapshotDir != null) {
      Files.createDirectories(snapshotDir);
      new io.serverlesskafka.autoscaler.rebalance.SnapshotWriter()
          .write(
              before,
              snapshotDir.resolve(
                  String.format(
                      "%d-%d-%s.json",
                      c.brokers(), c.shape().partitions(), c.name.replaceAll("[^a-z0-9]+", ""))));
      if (snapshotsOnly) {
        return;
      }
    }
    PlannerSettings settings = PlannerSettings.defaults().withRemoveBrokers(c.remove);
    BalanceTargets targets = BalanceTargets.of(before, settings);
    long bound = BytesMovedBound.of(before, settings, targets);
    String size = c.brokers() + " / " + String.format(Locale.ROOT, "%,d", c.shape().partitions());

    List<ResourceImbalance> target = ResourceImbalance.measure(before, settings, targets);
    row(
        c.name,
        size,
        "before",
        ResourceImbalance.measure(before, settings, targets),
        true,
        "",
        "",
        "",
        PlanVerifier.rackViolations(before, settings),
        "");
    System.out.printf(
        Locale.ROOT, "| | | bound (max/mean ≥) | %s | | | | | |%n", boundCells(target));
    System.out.printf(
        Locale.ROOT, "| | | target (max/mean ≤) | %s | | | | | |%n", targetCells(target));

    int reps = c.brokers() <= 24 ? 5 : (c.brokers() <= 100 ? 3 : 1);
    long[] nanos = new long[reps];
    long[] cpuNanos = new long[reps];
    RebalanceResult result = null;
    for (int i = 0; i < reps; i++) {
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      result = new RebalancePlanner().plan(before, settings);
      nanos[i] = System.nanoTime() - start;
      cpuNanos[i] = THREADS.getCurrentThreadCpuTime() - cpuStart;
    }
    Arrays.sort(nanos);
    Arrays.sort(cpuNanos);
    double ms = nanos[reps / 2] / 1e6;
    double cpuMs = cpuNanos[reps / 2] / 1e6;
    List<ResourceImbalance> ours = ResourceImbalance.measure(result.after(), settings, targets);
    long moved = result.plan().bytesMoved();
    int rackViolations = PlanVerifier.rackViolations(result.after(), settings);
    List<String> invalid = PlanVerifier.violations(before, result.after(), settings);
    row(
        "",
        "",
        "skafka plan",
        ours,
        false,
        gib(moved),
        gib(bound),
        ratio(moved, bound),
        rackViolations,
        String.format(Locale.ROOT, "%.0f ms (cpu %.0f ms)", ms, cpuMs));
    check(c, ours, moved, bound, ms, cpuMs, invalid, misses);

    long start = System.nanoTime();
    ClusterModel kafka = KafkaPlacement.place(before, c.remove, seed);
    double kafkaMs = (System.nanoTime() - start) / 1e6;
    long kafkaMoved = ReassignmentPlan.between(before, kafka).bytesMoved();
    row(
        "",
        "",
        "kafka --generate",
        ResourceImbalance.measure(kafka, settings, targets),
        false,
        gib(kafkaMoved),
        gib(bound),
        ratio(kafkaMoved, bound),
        PlanVerifier.rackViolations(kafka, settings),
        String.format(Locale.ROOT, "%.0f ms", kafkaMs));
  }

  private static void check(
      Case c,
      List<ResourceImbalance> after,
      long moved,
      long bound,
      double ms,
      double cpuMs,
      List<String> invalid,
      List<String> misses) {
    String label = c.brokers() + "/" + c.shape().partitions() + " " + c.name + ": ";
    if (!invalid.isEmpty()) {
      misses.add(label + "invalid plan: " + invalid.get(0));
    }
    for (ResourceImbalance r : after) {
      if (!r.withinUpperLimit()) {
        misses.add(
            String.format(
                Locale.ROOT,
                "%s%s max/mean %.3f above target %.3f (by %.1f%%)",
                label,
                r.resource().label(),
                r.maxOverMean(),
                r.targetOverMean(),
                100 * (r.max() / r.upperLimit() - 1)));
      }
    }
    if (bound > 0 && moved > 2 * bound) {
      misses.add(
          String.format(
              Locale.ROOT,
              "%sbytes moved %.2fx the lower bound (target 2x)",
              label,
              (double) moved / bound));
    }
    double limitMs = c.brokers() == 24 ? 100 : (c.brokers() == 100 ? 2000 : Double.MAX_VALUE);
    if (ms > limitMs) {
      misses.add(
          String.format(
              Locale.ROOT,
              "%splanning took %.0f ms wall clock, %.0f ms CPU (target %.0f ms)",
              label,
              ms,
              cpuMs,
              limitMs));
    }
  }

  private static void row(
      String name,
      String size,
      String who,
      List<ResourceImbalance> imbalance,
      boolean before,
      String moved,
      String bound,
      String ratio,
      int rackViolations,
      String time) {
    StringBuilder cells = new StringBuilder();
    boolean balanced = true;
    for (ResourceImbalance r : imbalance) {
      boolean ok = r.withinUpperLimit();
      balanced &= ok;
      cells.append(
          String.format(Locale.ROOT, "%.3f%s | ", r.maxOverMean(), ok || before ? "" : " ✗"));
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %s | %s%s | %s | %s | %s | %d | %s |%n",
        name,
        size,
        who,
        cells,
        balanced ? "yes" : "no",
        moved,
        bound,
        ratio,
        rackViolations,
        time);
  }

  private static String targetCells(List<ResourceImbalance> target) {
    StringBuilder cells = new StringBuilder();
    for (ResourceImbalance r : target) {
      cells
          .append(cells.isEmpty() ? "" : " | ")
          .append(String.format(Locale.ROOT, "%.3f", r.targetOverMean()));
    }
    return cells.toString();
  }

  /**
   * The lower bound of the max over the mean, and what forces it when above 1 (p = a partition, r =
   * racks).
   */
  private static String boundCells(List<ResourceImbalance> bound) {
    StringBuilder cells = new StringBuilder();
    for (ResourceImbalance r : bound) {
      String why = r.boundReason().isEmpty() ? "" : " (" + r.boundReason().charAt(0) + ")";
      cells
          .append(cells.isEmpty() ? "" : " | ")
          .append(String.format(Locale.ROOT, "%.3f%s", r.boundOverMean(), why));
    }
    return cells.toString();
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%,.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  private static String ratio(long moved, long bound) {
    return bound == 0
        ? (moved == 0 ? "1.00" : "∞")
        : String.format(Locale.ROOT, "%.2f", (double) moved / bound);
  }

  /**
   * The JIT compiles the planner's hot loops first, so the timings are those of a running operator.
   */
  private void warmUp() {
    ClusterModel model = SnapshotGenerator.generate(24, 6_000, 21, seed + 1);
    for (int i = 0; i < 5; i++) {
      new RebalancePlanner().plan(model, PlannerSettings.defaults());
    }
  }
}
