package io.serverlesskafka.autoscaler.cli;

import io.serverlesskafka.autoscaler.plot.TimelinePlot;
import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.DurationParser;
import io.serverlesskafka.autoscaler.scaling.ScalingMode;
import io.serverlesskafka.autoscaler.scaling.SizingPolicy;
import io.serverlesskafka.autoscaler.simulation.ScalingController;
import io.serverlesskafka.autoscaler.simulation.SimulationResult;
import io.serverlesskafka.autoscaler.simulation.SimulationSettings;
import io.serverlesskafka.autoscaler.simulation.Simulator;
import io.serverlesskafka.autoscaler.simulation.TimelineWriter;
import io.serverlesskafka.autoscaler.simulation.Trace;
import io.serverlesskafka.autoscaler.simulation.TraceFormatException;
import io.serverlesskafka.autoscaler.simulation.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code skafka simulate}: replays a traffic trace through the autoscaler (the operator's own
 * policy code) under the readiness model, writes the timeline CSV and prints a summary. Bad input
 * exits with 2.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replays a traffic trace through the autoscaler and writes what it would have done.",
      "Settings come from defaults, then --config, then flags. See docs/autoscaler.md."
    })
public final class SimulateCommand implements Callable<Integer> {
  static final int EXIT_BAD_INPUT = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FILE",
      description = "Traffic trace CSV: time_s,ingress_bytes_per_sec,egress_bytes_per_sec")
  Path trace;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Timeline CSV to write")
  Path output;

  @Option(
      names = "--plot",
      paramLabel = "FILE.svg",
      description =
          "Also draw the timeline as an SVG picture: load, ready capacity, brokers, saturated spans")
  Path plot;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings YAML (brokers, autoscaling, simulation blocks; or a ServerlessKafka manifest)")
  Path config;

  @Option(names = "--min-brokers", description = "brokers.min (default 3)")
  Integer minBrokers;

  @Option(names = "--max-brokers", description = "brokers.max (default 12)")
  Integer maxBrokers;

  @Option(
      names = "--ingress-capacity-mibps",
      paramLabel = "MIBPS",
      description = "brokers.capacity.ingressMiBps, per broker (default 50)")
  Double ingressMiBps;

  @Option(
      names = "--egress-capacity-mibps",
      paramLabel = "MIBPS",
      description = "brokers.capacity.egressMiBps, per broker (default 100)")
  Double egressMiBps;

  @Option(
      names = "--target-utilization",
      description =
          "autoscaling.targetUtilization: LeadTime's most headroom, Target's target (default 0.6)")
  Double targetUtilization;

  @Option(
      names = "--tolerance",
      description =
          "autoscaling.tolerance: LeadTime's scale-down margin, Target's dead band (default 0.1)")
  Double tolerance;

  @Option(
      names = "--metrics-window",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "autoscaling.metricsWindow (default 5m)")
  Duration metricsWindow;

  @Option(
      names = "--scale-up-stabilization",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "autoscaling.scaleUpStabilization (default 60s)")
  Duration scaleUpStabilization;

  @Option(
      names = "--scale-down-stabilization",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "autoscaling.scaleDownStabilization (default 8m)")
  Duration scaleDownStabilization;

  @Option(names = "--max-step", description = "autoscaling.maxStep, 0 = no limit (default 0)")
  Integer maxStep;

  @Option(
      names = "--mode",
      converter = ModeConverter.class,
      description = "Auto or RecommendOnly (default Auto)")
  ScalingMode mode;

  @Option(
      names = "--policy",
      converter = PolicyConverter.class,
      paramLabel = "POLICY",
      description = "autoscaling.policy: LeadTime or Target (default LeadTime)")
  SizingPolicy policy;

  @Option(
      names = "--max-utilization",
      description = "autoscaling.maxUtilization, LeadTime's ceiling (default 0.95)")
  Double maxUtilization;

  @Option(
      names = "--provision-time",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "autoscaling.provisionTime, the lead time LeadTime plans for (default: --provision-seconds)")
  Duration provisionTime;

  @Option(
      names = "--drain-time",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "autoscaling.drainTime, for LeadTime's break-even (default: --drain-seconds)")
  Duration drainTime;

  @Option(
      names = "--dip-memory",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "autoscaling.dipMemory, half-life of what dips taught (default 6h)")
  Duration dipMemory;

  @Option(
      names = "--wander-memory",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "autoscaling.wanderMemory, half-life of the forecast's remembered misses; 0 = no wander margin (default "
              + "0)")
  Duration wanderMemory;

  @Option(
      names = "--data-move-mibps",
      paramLabel = "MIBPS",
      description = "rate data moves at, to price a removal's data moves; 0 = free (default 0)")
  Double dataMoveMiBps;

  @Option(
      names = "--retention",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "how long the simulated cluster keeps written data, for the data scalings move (default 1h)")
  Duration retention;

  @Option(
      names = "--provision-seconds",
      description = "seconds until an added broker serves (default 120)")
  Long provisionSeconds;

  @Option(
      names = "--drain-seconds",
      description = "seconds until a removed broker stops serving and being paid (default 300)")
  Long drainSeconds;

  @Option(
      names = "--initial-brokers",
      description = "brokers serving at time 0 (default: --min-brokers)")
  Integer initialBrokers;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (plot != null && PlotFile.problem(plot) != null) {
      err.println("simulate: " + PlotFile.problem(plot));
      return EXIT_BAD_INPUT;
    }
    AutoscalerSettings settings;
    SimulationSettings simulation;
    try {
      SimulationConfig assembled = assemble();
      settings = assembled.autoscalerSettings();
      simulation = assembled.simulationSettings(settings);
    } catch (IllegalArgumentException e) {
      err.println("simulate: invalid settings: " + e.getMessage());
      return EXIT_BAD_INPUT;
    }
    Trace replayed;
    try {
      replayed = new TraceReader().read(trace);
    } catch (TraceFormatException e) {
      err.println("simulate: bad trace: " + e.getMessage());
      return EXIT_BAD_INPUT;
    } catch (NoSuchFileException e) {
      err.println("simulate: trace file not found: " + trace);
      return EXIT_BAD_INPUT;
    } catch (IOException e) {
      err.println("simulate: cannot read trace " + trace + ": " + e.getMessage());
      return EXIT_BAD_INPUT;
    }

    SimulationResult result =
        new Simulator(settings.capacity(), simulation)
            .run(replayed, ScalingController.autoscaler(settings));
    try {
      new TimelineWriter().write(result.timeline(), output);
    } catch (IOException e) {
      err.println("simulate: cannot write timeline " + output + ": " + e.getMessage());
      return 1;
    }
    if (plot != null) {
      String svg =
          new TimelinePlot(
                  settings.capacity().ingressBytesPerSec(), settings.capacity().egressBytesPerSec())
              .render(
                  result.timeline(),
                  "skafka simulate: "
                      + trace.getFileName()
                      + ", policy "
                      + settings.policy().specName());
      try {
        PlotFile.write(plot, svg);
      } catch (IOException e) {
        err.println("simulate: --plot: cannot write " + plot + ": " + e.getMessage());
        return EXIT_BAD_INPUT;
      }
    }
    out.println(describe(settings, simulation));
    out.print(result.summary().format());
    out.println("timeline written to " + output);
    if (plot != null) {
      out.println("picture written to " + plot);
    }
    out.flush();
    return 0;
  }

  private SimulationConfig assemble() {
    SimulationConfig assembled = new SimulationConfig();
    if (config != null) {
      SettingsFile.apply(config, assembled);
    }
    var builder = assembled.autoscaler;
    if (minBrokers != null) builder.minBrokers(minBrokers);
    if (maxBrokers != null) builder.maxBrokers(maxBrokers);
    if (ingressMiBps != null) assembled.ingressMiBps = ingressMiBps;
    if (egressMiBps != null) assembled.egressMiBps = egressMiBps;
    if (targetUtilization != null) builder.targetUtilization(targetUtilization);
    if (tolerance != null) builder.tolerance(tolerance);
    if (metricsWindow != null) builder.metricsWindow(metricsWindow);
    if (scaleUpStabilization != null) builder.scaleUpStabilization(scaleUpStabilization);
    if (scaleDownStabilization != null) builder.scaleDownStabilization(scaleDownStabilization);
    if (maxStep != null) builder.maxStep(maxStep);
    if (mode != null) builder.mode(mode);
    if (provisionSeconds != null) assembled.provisionSeconds = provisionSeconds;
    if (drainSeconds != null) assembled.drainSeconds = drainSeconds;
    if (initialBrokers != null) assembled.initialBrokers = initialBrokers;
    if (policy != null) builder.policy(policy);
    if (maxUtilization != null) builder.maxUtilization(maxUtilization);
    if (provisionTime != null) assembled.provisionTime = provisionTime;
    if (drainTime != null) assembled.drainTime = drainTime;
    if (dipMemory != null) builder.dipMemory(dipMemory);
    if (wanderMemory != null) builder.wanderMemory(wanderMemory);
    if (dataMoveMiBps != null) assembled.dataMoveMiBps = dataMoveMiBps;
    if (retention != null) assembled.retentionSeconds = retention.toSeconds();
    return assembled;
  }

  private static String describe(AutoscalerSettings s, SimulationSettings sim) {
    String simulation =
        String.format(
            Locale.ROOT,
            "provision %d s, drain %d s, retention %s",
            sim.provisionSeconds(),
            sim.drainSeconds(),
            DurationParser.format(Duration.ofSeconds(sim.retentionSeconds())));
    if (s.policy() == SizingPolicy.LEAD_TIME) {
      return String.format(
          Locale.ROOT,
          "settings: policy LeadTime, brokers %d..%d (start %d), capacity %.0f/%.0f MiB/s in/out per broker, "
              + "ceiling %.2f, most headroom at %.2f, tolerance %.0f%%, window %s, up %s, down at least %s, "
              + "lead %s, drain %s, dip memory %s, wander memory %s, maxStep %s, mode %s, %s",
          s.minBrokers(),
          s.maxBrokers(),
          sim.initialBrokers(),
          s.capacity().ingressBytesPerSec() / (1024 * 1024),
          s.capacity().egressBytesPerSec() / (1024 * 1024),
          s.ceiling(),
          s.targetUtilization(),
          s.tolerance() * 100,
          DurationParser.format(s.metricsWindow()),
          DurationParser.format(s.scaleUpStabilization()),
          DurationParser.format(s.scaleDownStabilization()),
          DurationParser.format(s.provisionTime()),
          DurationParser.format(s.drainTime()),
          DurationParser.format(s.dipMemory()),
          DurationParser.format(s.wanderMemory()),
          s.maxStep() == 0 ? "none" : Integer.toString(s.maxStep()),
          s.mode().specName(),
          simulation);
    }
    return String.format(
        Locale.ROOT,
        "settings: policy Target, brokers %d..%d (start %d), capacity %.0f/%.0f MiB/s in/out per broker, target %.2f ±%.0f%%, "
            + "window %s, up %s, down %s, maxStep %s, mode %s, %s",
        s.minBrokers(),
        s.maxBrokers(),
        sim.initialBrokers(),
        s.capacity().ingressBytesPerSec() / (1024 * 1024),
        s.capacity().egressBytesPerSec() / (1024 * 1024),
        s.targetUtilization(),
        s.tolerance() * 100,
        DurationParser.format(s.metricsWindow()),
        DurationParser.format(s.scaleUpStabilization()),
        DurationParser.format(s.scaleDownStabilization()),
        s.maxStep() == 0 ? "none" : Integer.toString(s.maxStep()),
        s.mode().specName(),
        simulation);
  }

  /** Lets flags take 60s, 15m, 1h like the CRD. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return DurationParser.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage()); // picocli then prints the message alone
      }
    }
  }

  /** Lets flags take the CRD's spelling (LeadTime, Target). */
  static final class PolicyConverter implements ITypeConverter<SizingPolicy> {
    @Override
    public SizingPolicy convert(String value) {
      return SizingPolicy.parse(value);
    }
  }

  /** Lets flags take the CRD's spelling (Auto, RecommendOnly). */
  static final class ModeConverter implements ITypeConverter<ScalingMode> {
    @Override
    public ScalingMode convert(String value) {
      try {
        return ScalingMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
