package io.serverlesskafka.benchmarks.scaling;

import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.BrokerCapacity;
import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.DurationParser;
import io.serverlesskafka.autoscaler.scaling.UtilizationCalculator;
import io.serverlesskafka.autoscaler.simulation.Trace;
import io.serverlesskafka.autoscaler.simulation.TracePoint;
import io.serverlesskafka.autoscaler.simulation.ScalingController;
import io.serverlesskafka.autoscaler.simulation.SimulationSettings;
import io.serverlesskafka.autoscaler.simulation.SimulationSummary;
import io.serverlesskafka.autoscaler.simulation.Simulator;
import io.serverlesskafka.autoscaler.simulation.TraceWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Our autoscaler against an HPA/KEDA-style policy on five generated traces, both under the same readiness
 * model (the simulator), with the default ServerlessKafka settings. Prints a Markdown table: seconds with
 * load above ready capacity, broker-hours (and against a clairvoyant oracle), scale direction changes per
 * hour. Targets: saturation no worse than HPA, ≥ 15 % fewer broker-hours, ≤ 1 direction change per hour.
 */
@Command(name = "bench-autoscaler", mixinStandardHelpOptions = true,
    description = "Autoscaler vs HPA-style policy on generated traces.")
public final class AutoscalerBenchmark implements Callable<Integer> {
  @Option(names = "--seed", description = "noise seed (default 42)") long seed = 42;

  @Option(names = "--noise", description = "uniform multiplicative noise per sample, e.g. 0.1 = ±10%% (default 0.1)")
  double noise = 0.1;

  @Option(names = "--write-traces", paramLabel = "DIR",
      description = "also write the generated traces as CSV (replay one with bin/skafka simulate)")
  Path traceDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AutoscalerBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    AutoscalerSettings settings = AutoscalerSettings.defaults();
    SimulationSettings readiness = SimulationSettings.defaults(settings.minBrokers());
    Simulator simulator = new Simulator(settings.capacity(), readiness);
    if (traceDir != null) {
      Files.createDirectories(traceDir);
    }
    System.out.printf(Locale.ROOT,
        "Settings: defaults (brokers %d..%d, %.0f/%.0f MiB/s in/out per broker, target %.1f, tolerance %.1f, "
            + "window %s, up %s, down %s); provision %d s, drain %d s; noise ±%.0f%%, seed %d%n%n",
        settings.minBrokers(), settings.maxBrokers(), settings.capacity().ingressBytesPerSec() / MIB,
        settings.capacity().egressBytesPerSec() / MIB, settings.targetUtilization(), settings.tolerance(),
        DurationParser.format(settings.metricsWindow()), DurationParser.format(settings.scaleUpStabilization()),
        DurationParser.format(settings.scaleDownStabilization()),
        readiness.provisionSeconds(), readiness.drainSeconds(), noise * 100, seed);
    System.out.println("| trace | hours | saturated s (HPA / ours) | broker-hours (HPA / ours) | ours vs HPA "
        + "| oracle broker-hours | ours / oracle | direction changes per h (HPA / ours) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    double totalHpa = 0;
    double totalOurs = 0;
    long satHpa = 0;
    long satOurs = 0;
    double worstChanges = 0;
    double hours = 0;
    double oracle = 0;
    int changesHpa = 0;
    int changesOurs = 0;
    double atTarget = 0;
    double atDeadBandTop = 0;
    for (BenchmarkTraces.Named named : new BenchmarkTraces(seed, noise).all()) {
      if (traceDir != null) {
        new TraceWriter().write(named.trace(), traceDir.resolve(named.name() + ".csv"));
      }
      SimulationSummary hpa = simulator.run(named.trace(), HpaStylePolicy.controller(settings)).summary();
      SimulationSummary ours = simulator.run(named.trace(), ScalingController.autoscaler(settings)).summary();
      System.out.printf(Locale.ROOT, "| %s | %.0f | %d / %d | %.1f / %.1f | %+.1f %% | %.1f | %.2fx | %.2f / %.2f |%n",
          named.name(), ours.hours(), hpa.saturatedSeconds(), ours.saturatedSeconds(), hpa.brokerHours(),
          ours.brokerHours(), 100 * (ours.brokerHours() / hpa.brokerHours() - 1), ours.oracleBrokerHours(),
          ours.costVersusOracle(), hpa.directionChangesPerHour(), ours.directionChangesPerHour());
      totalHpa += hpa.brokerHours();
      totalOurs += ours.brokerHours();
      satHpa += hpa.saturatedSeconds();
      satOurs += ours.saturatedSeconds();
      worstChanges = Math.max(worstChanges, ours.directionChangesPerHour());
      hours += ours.hours();
      oracle += ours.oracleBrokerHours();
      changesHpa += hpa.directionChanges();
      changesOurs += ours.directionChanges();
      atTarget += clairvoyantBrokerHours(named.trace(), settings, settings.targetUtilization());
      atDeadBandTop += clairvoyantBrokerHours(
          named.trace(), settings, settings.targetUtilization() * (1 + settings.tolerance()));
    }
    System.out.printf(Locale.ROOT, "| **all** | %.0f | %d / %d | %.1f / %.1f | %+.1f %% | %.1f | %.2fx | %.2f / %.2f |%n%n",
        hours, satHpa, satOurs, totalHpa, totalOurs, 100 * (totalOurs / totalHpa - 1), oracle, totalOurs / oracle,
        changesHpa / hours, changesOurs / hours);
    System.out.printf(Locale.ROOT, "Target saturation <= HPA:           %s (%d s vs %d s)%n",
        satOurs <= satHpa ? "met" : "MISSED", satOurs, satHpa);
    System.out.printf(Locale.ROOT, "Target >= 15 %% fewer broker-hours: %s (%+.1f %% vs HPA)%n",
        totalOurs <= 0.85 * totalHpa ? "met" : "MISSED", 100 * (totalOurs / totalHpa - 1));
    System.out.printf(Locale.ROOT, "Target <= 1 direction change/hour: %s (worst trace %.2f per hour)%n%n",
        worstChanges <= 1 ? "met" : "MISSED", worstChanges);
    System.out.println("Bounds: clairvoyant, ceil(load / (u x capacity)) brokers within [min, max] at every sample, "
        + "ready and released instantly:");
    System.out.printf(Locale.ROOT, "  u = target:                   %.1f broker-hours (%+.1f %% vs HPA)%n",
        atTarget, 100 * (atTarget / totalHpa - 1));
    System.out.printf(Locale.ROOT, "  u = target x (1 + tolerance): %.1f broker-hours (%+.1f %% vs HPA)%n",
        atDeadBandTop, 100 * (atDeadBandTop / totalHpa - 1));
    return 0;
  }

  private static final double MIB = BrokerCapacity.MIB;

  /**
   * A bound, not a policy: the broker-hours of holding, at every sample, exactly the count that keeps the
   * busiest resource at {@code utilization} (within [min, max]), with brokers that serve and stop being paid
   * instantly. No policy that keeps the busiest resource at or below {@code utilization} at every sample
   * pays less on the same trace.
   */
  static double clairvoyantBrokerHours(Trace trace, AutoscalerSettings settings, double utilization) {
    UtilizationCalculator calculator = new UtilizationCalculator(settings.capacity());
    double brokerSeconds = 0;
    for (TracePoint point : trace.points()) {
      ClusterLoad load = ClusterLoad.ofThroughput(point.ingressBytesPerSec(), point.egressBytesPerSec());
      brokerSeconds += (double) settings.clamp(calculator.brokersFor(load, utilization)) * trace.stepSeconds();
    }
    return brokerSeconds / 3600;
  }
}
