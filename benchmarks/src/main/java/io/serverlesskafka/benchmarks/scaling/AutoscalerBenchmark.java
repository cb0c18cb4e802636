package io.serverlesskafka.benchmarks.scaling;

import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
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
        "Settings: defaults (brokers 3..12, 50/100 MiB/s in/out per broker, target 0.6, tolerance 0.1, "
            + "window 5m, up 60s, down 15m); provision %d s, drain %d s; noise ±%.0f%%, seed %d%n%n",
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
    }
    System.out.printf(Locale.ROOT, "| **all** | %.0f | %d / %d | %.1f / %.1f | %+.1f %% | %.1f | %.2fx | %.2f / %.2f |%n%n",
        hours, satHpa, satOurs, totalHpa, totalOurs, 100 * (totalOurs / totalHpa - 1), oracle, totalOurs / oracle,
        changesHpa / hours, changesOurs / hours);
    System.out.printf(Locale.ROOT, "Target saturation <= HPA:           %s (%d s vs %d s)%n",
        satOurs <= satHpa ? "met" : "MISSED", satOurs, satHpa);
    System.out.printf(Locale.ROOT, "Target >= 15 %% fewer broker-hours: %s (%.1f %% fewer)%n",
        totalOurs <= 0.85 * totalHpa ? "met" : "MISSED", 100 * (1 - totalOurs / totalHpa));
    System.out.printf(Locale.ROOT, "Target <= 1 direction change/hour: %s (worst trace %.2f per hour)%n",
        worstChanges <= 1 ? "met" : "MISSED", worstChanges);
    return 0;
  }
}
