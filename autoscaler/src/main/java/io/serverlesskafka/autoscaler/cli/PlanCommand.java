package io.serverlesskafka.autoscaler.cli;

import io.serverlesskafka.autoscaler.plot.PlanPlot;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PlanSummary;
import io.serverlesskafka.autoscaler.rebalance.PlannerSettings;
import io.serverlesskafka.autoscaler.rebalance.RebalancePlanner;
import io.serverlesskafka.autoscaler.rebalance.RebalanceResult;
import io.serverlesskafka.autoscaler.rebalance.SnapshotFormatException;
import io.serverlesskafka.autoscaler.rebalance.SnapshotReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skafka plan}: reads a cluster snapshot, writes the reassignment the operator would run,
 * and prints what it changes. Bad input exits with 2 and names the field, so it can be used in
 * scripts and CI.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Plans partition moves so that no broker runs hot while as little data as possible moves.",
      "Writes Kafka's reassignment JSON (runnable with kafka-reassign-partitions --execute) and prints a summary."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:plan written", "2:bad input file or options"})
public final class PlanCommand implements Callable<Integer> {
  static final int BAD_INPUT = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "snapshot.json",
      description = "Cluster snapshot (docs/rebalancer.md).")
  Path input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "plan.json",
      description = "Where to write the reassignment JSON.")
  Path output;

  @Option(
      names = "--plot",
      paramLabel = "FILE.svg",
      description =
          "Also draw each broker's load before and after, the target and the bound, as an SVG picture.")
  Path plot;

  @Option(
      names = "--remove-brokers",
      split = ",",
      paramLabel = "ID",
      description = "Brokers that must end with no replica, e.g. 5,6.")
  List<Integer> removeBrokers = List.of();

  @Option(
      names = "--max-imbalance",
      paramLabel = "RATIO",
      defaultValue = "1.10",
      description = "Highest allowed max/mean load per resource (default: ${DEFAULT-VALUE}).")
  double maxImbalance;

  @Option(
      names = "--throttle-mibps",
      paramLabel = "MIB_PER_SEC",
      defaultValue = "40",
      description =
          "Replication throttle per broker used for the time estimate (default: ${DEFAULT-VALUE}).")
  double throttleMibps;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (plot != null && PlotFile.problem(plot) != null) {
      err.println(PlotFile.problem(plot));
      return BAD_INPUT;
    }
    if (!(throttleMibps > 0)) {
      err.println("--throttle-mibps: must be greater than 0, got " + throttleMibps);
      return BAD_INPUT;
    }
    PlannerSettings settings;
    try {
      Set<Integer> remove = new TreeSet<>(removeBrokers);
      settings = new PlannerSettings(maxImbalance, remove);
    } catch (IllegalArgumentException e) {
      err.println("--max-imbalance: " + e.getMessage());
      return BAD_INPUT;
    }
    ClusterModel model;
    if (!java.nio.file.Files.exists(input)) {
      err.println(input + ": no such file");
      return BAD_INPUT;
    }
    try {
      model = new SnapshotReader().read(input);
    } catch (NoSuchFileException e) {
      err.println(input + ": no such file");
      return BAD_INPUT;
    } catch (IOException e) {
      err.println(input + ": cannot read: " + e.getMessage());
      return BAD_INPUT;
    } catch (SnapshotFormatException e) {
      err.println(input + ": " + e.getMessage());
      return BAD_INPUT;
    }
    RebalanceResult result;
    try {
      result = new RebalancePlanner().plan(model, settings);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return BAD_INPUT;
    }
    try {
      result.plan().write(output);
    } catch (IOException e) {
      err.println(output + ": cannot write: " + e.getMessage());
      return 1;
    }
    if (plot != null) {
      try {
        PlotFile.write(plot, new PlanPlot().render(result, "skafka plan: " + input.getFileName()));
      } catch (IOException e) {
        err.println("--plot: cannot write " + plot + ": " + e.getMessage());
        return BAD_INPUT;
      }
    }
    out.print(PlanSummary.of(result, throttleMibps * PlanSummary.MIB).format());
    out.println(
        "Plan written to " + output + " (" + result.plan().partitions().size() + " partitions).");
    if (plot != null) {
      out.println("Picture written to " + plot + ".");
    }
    out.flush();
    return 0;
  }
}
