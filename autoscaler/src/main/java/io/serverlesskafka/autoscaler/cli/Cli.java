package io.serverlesskafka.autoscaler.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the offline planning and simulation commands ({@code bin/skafka}). They answer
 * "what would the operator do?" without a cluster, using the same decision code as the operator.
 * Usage errors (bad flags, bad input files) exit with code 2, as picocli does for usage errors.
 */
@Command(
    name = "skafka",
    mixinStandardHelpOptions = true,
    description = "Serverless Kafka planning and simulation commands.",
    subcommands = {
      CommandLine.HelpCommand.class,
      SimulateCommand.class,
      PlanCommand.class,
    })
public final class Cli {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Cli()).execute(args));
  }
}
