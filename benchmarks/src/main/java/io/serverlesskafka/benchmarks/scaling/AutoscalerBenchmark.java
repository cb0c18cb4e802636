package io.serverlesskafka.benchmarks.scaling;

import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.BrokerCapacity;
import io.serverlesskafka.autoscaler.scaling.DurationParser;
import io.serverlesskafka.autoscaler.scaling.SizingPolicy;
import io.serverlesskafka.autoscaler.simulation.ScalingController;
import io.serverlesskafka.autoscaler.simulation.SimulationSettings;
import io.serverlesskafka.autoscaler.simulation.SimulationSummary;
import io.serverlesskafka.autoscaler.simulation.Simulator;
import io.serverlesskafka.autoscaler.simulation.TraceWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Our autoscaler (LeadTime policy, default settings) against an HPA/KEDA-style policy, the issue's
 * 15-line baseline (utilization 0.8, hold the highest count of 15 minutes) and our earlier
 * fixed-target policy, all under the same readiness model (the simulator), on two trace families:
 * the five the policy was tuned on, and a held-out family it was not (other shapes, rhythms and
 * seeds). Prints a Markdown table per family and the goals of issue 13: aggregate broker-hours ≤
 * 0.85 × HPA; saturated seconds ≤ HPA + 30 s, ≤ 1 direction change per hour on every trace; GiB
 * moved ≤ HPA's.
 */
@Command(
    name = "bench-autoscaler",
    mixinStandardHelpOptions = true,
    description =
        "Autoscaler vs HPA-style and baseline policies on a tuning and a held-out trace family.")
public final class AutoscalerBenchmark implements Callable<Integer> {
  @Option(names = "--seed", description = "noise seed of the tuning family (default 42)")
  long seed = 42;

  @Option(
      names = "--held-out-seeds",
      split = ",",
      description = "noise seeds of the held-out family (default 1,2,3)")
  List<Long> heldOutSeeds = List.of(1L, 2L, 3L);

  @Option(
      names = "--noise",
      description = "uniform multiplicative noise per sample, e.g. 0.1 = ±10%% (default 0.1)")
  double noise = 0.1;

  @Option(names = "--max-brokers", description = "brokers.max of every policy (default 40)")
  int maxBrokers = 40;

  @Option(
      names = "--retention",
      description = "how long brokers keep written data, for GiB moved (default 1h)")
  String retention = "1h";

  @Option(
      names = "--max-utilization",
      description = "ours: autoscaling.maxUtilization (default: the default, 0.95)")
  Double maxUtilization;

  @Option(
      names = "--tolerance",
      description = "ours: autoscaling.tolerance (default: the default, 0.1)")
  Double tolerance;

  @Option(
      names = "--wander-memory",
      description =
          "ours: autoscaling.wanderMemory, e.g. 6h; 0 = no wander margin (default: the default)")
  String wanderMemory;

  @Option(names = "--family", description = "tuning, held-out or both (default both)")
  String family = "both";

  @Option(
      names = "--provision",
      description = "seconds before an added broker serves, for every policy (default 120)")
  long provisionSeconds = SimulationSettings.DEFAULT_PROVISION_SECONDS;

  @Option(
      names = "--drain",
      description = "seconds a removed broker is still paid for, for every policy (default 300)")
  long drainSeconds = SimulationSettings.DEFAULT_DRAIN_SECONDS;

  @Option(
      names = "--capacity",
      description = "ingress MiB/s per broker (egress twice that), for every policy (default 50)")
  Double ingressMiBps;

  @Option(
      names = "--write-traces",
      paramLabel = "DIR",
      description = "also write the generated traces as CSV (replay one with bin/skafka simulate)")
  Path traceDir;

  /** One policy's results on one trace. */
  private record Row(
      String trace,
      SimulationSummary hpa,
      SimulationSummary hold,
      SimulationSummary target,
      SimulationSummary ours) {}

  public static void main(String[] args) {
    quietAutoscalerLogs();
    System.exit(new CommandLine(new AutoscalerBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    // Ours is told the brokers' real provision and drain times, as `simulate` tells it the
    // simulation's.
    AutoscalerSettings.Builder base =
        AutoscalerSettings.defaults().toBuilder()
            .maxBrokers(maxBrokers)
            .provisionTime(Duration.ofSeconds(provisionSeconds))
            .drainTime(Duration.ofSeconds(drainSeconds));
    if (ingressMiBps != null) base.capacity(BrokerCapacity.ofMiBps(ingressMiBps, 2 * ingressMiBps));
    AutoscalerSettings defaults = base.build();
    AutoscalerSettings target = defaults.toBuilder().policy(SizingPolicy.TARGET).build();
    AutoscalerSettings.Builder tuned = defaults.toBuilder();
    if (maxUtilization != null) tuned.maxUtilization(maxUtilization);
    if (tolerance != null) tuned.tolerance(tolerance);
    if (wanderMemory != null) tuned.wanderMemory(DurationParser.parse(wanderMemory));
    AutoscalerSettings ours = tuned.build();
    SimulationSettings readiness =
        new SimulationSettings(
            provisionSeconds,
            drainSeconds,
            ours.minBrokers(),
            DurationParser.parse(retention).toSeconds());
    Simulator simulator = new Simulator(ours.capacity(), readiness);
    if (traceDir != null) {
      Files.createDirectories(traceDir);
    }
    System.out.printf(
        Locale.ROOT,
        "Brokers %d..%d, %.0f/%.0f MiB/s in/out per broker; provision %d s, drain %d s, retention %s; noise ±%.0f%%.%n"
            + "HPA: target %.1f, 5m scale-down stabilization. hold-15m: utilization %.1f, highest count of 15m. "
            + "target: our fixed-target policy (0.6 ±10%%, up 1m, down 8m). ours: LeadTime (ceiling %.2f, tolerance %.2f, "
            + "lead %s, drain %s, down at least %s, dip memory %s, wander memory %s).%n%n",
        ours.minBrokers(),
        ours.maxBrokers(),
        ours.capacity().ingressBytesPerSec() / MIB,
        ours.capacity().egressBytesPerSec() / MIB,
        readiness.provisionSeconds(),
        readiness.drainSeconds(),
        retention,
        noise * 100,
        ours.targetUtilization(),
        HoldMaxPolicy.UTILIZATION,
        ours.ceiling(),
        ours.tolerance(),
        DurationParser.format(ours.provisionTime()),
        DurationParser.format(ours.drainTime()),
        DurationParser.format(ours.scaleDownStabilization()),
        DurationParser.format(ours.dipMemory()),
        DurationParser.format(ours.wanderMemory()));

    if (!family.equals("held-out")) {
      report(
          "Tuning family (seed " + seed + ")",
          new BenchmarkTraces(seed, noise).tuning(),
          simulator,
          ours,
          target);
    }
    if (!family.equals("tuning")) {
      List<BenchmarkTraces.Named> heldOut = new ArrayList<>();
      for (long s : heldOutSeeds) {
        BenchmarkTraces traces = new BenchmarkTraces(s, noise);
        heldOut.addAll(traces.heldOut());
        heldOut.addAll(traces.tuning());
      }
      report(
          "Held-out family (seeds "
              + heldOutSeeds.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("")
              + ")",
          heldOut,
          simulator,
          ours,
          target);
    }
    return 0;
  }

  private void report(
      String title,
      List<BenchmarkTraces.Named> traces,
      Simulator simulator,
      AutoscalerSettings ours,
      AutoscalerSettings target)
      throws Exception {
    List<Row> rows = new ArrayList<>();
    for (BenchmarkTraces.Named named : traces) {
      if (traceDir != null) {
        new TraceWriter().write(named.trace(), traceDir.resolve(named.name() + ".csv"));
      }
      rows.add(
          new Row(
              named.name(),
              simulator.run(named.trace(), HpaStylePolicy.controller(ours)).summary(),
              simulator.run(named.trace(), HoldMaxPolicy.controller(ours)).summary(),
              simulator.run(named.trace(), ScalingController.autoscaler(target)).summary(),
              simulator.run(named.trace(), ScalingController.autoscaler(ours)).summary()));
    }
    System.out.println("### " + title);
    System.out.println();
    System.out.println(
        "| trace | h | HPA broker-h | hold-15m / HPA | target / HPA | **ours / HPA** "
            + "| saturated s: HPA / hold / target / ours | changes/h: HPA / hold / target / ours "
            + "| GiB moved: HPA / hold / target / ours |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    double[] bh = new double[4];
    long[] sat = new long[4];
    double[] gib = new double[4];
    int[] changes = new int[4];
    double hours = 0;
    int saturationMisses = 0;
    int flapMisses = 0;
    int dataMisses = 0;
    long worstExtraSaturation = Long.MIN_VALUE;
    String worstSaturationTrace = "";
    double worstChanges = 0;
    String worstChangesTrace = "";
    for (Row row : rows) {
      SimulationSummary[] s = {row.hpa(), row.hold(), row.target(), row.ours()};
      System.out.printf(
          Locale.ROOT,
          "| %s | %.0f | %.1f | %.2f | %.2f | **%.2f** | %d / %d / %d / %d | %.2f / %.2f / %.2f / %.2f "
              + "| %.0f / %.0f / %.0f / %.0f |%n",
          row.trace(),
          row.ours().hours(),
          row.hpa().brokerHours(),
          ratio(row.hold(), row.hpa()),
          ratio(row.target(), row.hpa()),
          ratio(row.ours(), row.hpa()),
          s[0].saturatedSeconds(),
          s[1].saturatedSeconds(),
          s[2].saturatedSeconds(),
          s[3].saturatedSeconds(),
          s[0].directionChangesPerHour(),
          s[1].directionChangesPerHour(),
          s[2].directionChangesPerHour(),
          s[3].directionChangesPerHour(),
          s[0].gibMoved(),
          s[1].gibMoved(),
          s[2].gibMoved(),
          s[3].gibMoved());
      for (int i = 0; i < 4; i++) {
        bh[i] += s[i].brokerHours();
        sat[i] += s[i].saturatedSeconds();
        gib[i] += s[i].gibMoved();
        changes[i] += s[i].directionChanges();
      }
      hours += row.ours().hours();
      long extra = row.ours().saturatedSeconds() - row.hpa().saturatedSeconds();
      if (extra > 30) {
        saturationMisses++;
      }
      if (extra > worstExtraSaturation) {
        worstExtraSaturation = extra;
        worstSaturationTrace = row.trace();
      }
      if (row.ours().directionChangesPerHour() > 1) {
        flapMisses++;
      }
      if (row.ours().directionChangesPerHour() > worstChanges) {
        worstChanges = row.ours().directionChangesPerHour();
        worstChangesTrace = row.trace();
      }
      if (row.ours().gibMoved() > row.hpa().gibMoved()) {
        dataMisses++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "| **all** | %.0f | %.1f | %.2f | %.2f | **%.2f** | %d / %d / %d / %d | %.2f / %.2f / %.2f / %.2f "
            + "| %.0f / %.0f / %.0f / %.0f |%n%n",
        hours,
        bh[0],
        bh[1] / bh[0],
        bh[2] / bh[0],
        bh[3] / bh[0],
        sat[0],
        sat[1],
        sat[2],
        sat[3],
        changes[0] / hours,
        changes[1] / hours,
        changes[2] / hours,
        changes[3] / hours,
        gib[0],
        gib[1],
        gib[2],
        gib[3]);
    System.out.printf(
        Locale.ROOT,
        "Goal aggregate broker-hours <= 0.85 x HPA:     %s (%.3f x HPA)%n",
        bh[3] <= 0.85 * bh[0] ? "met" : "MISSED",
        bh[3] / bh[0]);
    System.out.printf(
        Locale.ROOT,
        "Goal saturated s <= HPA + 30 on every trace:  %s (%d of %d traces over; worst %s, %+d s)%n",
        saturationMisses == 0 ? "met" : "MISSED",
        saturationMisses,
        rows.size(),
        worstSaturationTrace,
        worstExtraSaturation);
    System.out.printf(
        Locale.ROOT,
        "Goal <= 1 direction change/h on every trace: %s (%d of %d traces over; worst %s, %.2f/h)%n",
        flapMisses == 0 ? "met" : "MISSED",
        flapMisses,
        rows.size(),
        worstChangesTrace,
        worstChanges);
    System.out.printf(
        Locale.ROOT,
        "Goal GiB moved <= HPA's:                      %s (%.0f vs %.0f GiB; %d of %d traces above HPA)%n%n",
        gib[3] <= gib[0] ? "met" : "MISSED",
        gib[3],
        gib[0],
        dataMisses,
        rows.size());
  }

  private static double ratio(SimulationSummary policy, SimulationSummary hpa) {
    return policy.brokerHours() / hpa.brokerHours();
  }

  /**
   * The autoscaler logs every decision at INFO; thousands of simulated decisions would bury the
   * table.
   */
  private static void quietAutoscalerLogs() {
    org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("io.serverlesskafka.autoscaler");
    if (logger instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  private static final double MIB = 1024.0 * 1024.0;
}
