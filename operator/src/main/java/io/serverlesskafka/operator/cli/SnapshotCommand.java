package io.serverlesskafka.operator.cli;

import io.serverlesskafka.autoscaler.rebalance.BrokerLimits;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.SnapshotWriter;
import io.serverlesskafka.operator.kafka.KafkaUnavailableException;
import io.serverlesskafka.operator.rebalance.ClusterModelReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/skafka snapshot}: writes a live cluster's model in the snapshot format of
 * docs/rebalancer.md, the input of {@code bin/skafka plan}. Rates are measured over {@code
 * --sample-seconds}.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description =
        "Write a live Kafka cluster's model (brokers, replicas, sizes, measured ingress and egress) as a snapshot JSON.")
public final class SnapshotCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-server", required = true, description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(
      names = "--command-config",
      description = "Client properties file (security settings), as Kafka's tools take.")
  Path commandConfig;

  @Option(names = "--output", required = true, description = "Snapshot JSON to write.")
  Path output;

  @Option(
      names = "--sample-seconds",
      description =
          "Measure ingress (log-end offsets) and egress (committed group offsets) over this many seconds; 0 skips (default: ${DEFAULT-VALUE}).")
  int sampleSeconds = 10;

  @Option(
      names = "--broker-ingress-mibps",
      description = "Capacity written for each broker (default: ${DEFAULT-VALUE}).")
  double ingressMiBps = 50;

  @Option(
      names = "--broker-egress-mibps",
      description = "Capacity written for each broker (default: ${DEFAULT-VALUE}).")
  double egressMiBps = 100;

  @Option(
      names = "--broker-disk-gib",
      description = "Capacity written for each broker (default: ${DEFAULT-VALUE}).")
  double diskGiB = 100;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SnapshotCommand()).execute(args));
  }

  static final int BAD_INPUT = 2;
  static final int FAILED = 1;

  @Spec CommandSpec spec;

  /**
   * Bad files and flags exit with 2 and a message; a cluster that cannot be read with 1; never a
   * stack trace.
   */
  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    if (sampleSeconds < 0) {
      return bad(err, "--sample-seconds: must be 0 or more, got " + sampleSeconds);
    }
    for (var capacityFlag :
        Map.of(
                "--broker-ingress-mibps",
                ingressMiBps,
                "--broker-egress-mibps",
                egressMiBps,
                "--broker-disk-gib",
                diskGiB)
            .entrySet()) {
      if (!(capacityFlag.getValue() > 0) || Double.isInfinite(capacityFlag.getValue())) {
        return bad(
            err,
            capacityFlag.getKey()
                + ": must be a number greater than 0, got "
                + capacityFlag.getValue());
      }
    }
    Map<String, Object> props = new HashMap<>();
    if (commandConfig != null) {
      if (!Files.isReadable(commandConfig) || Files.isDirectory(commandConfig)) {
        return bad(err, "--command-config " + commandConfig + " cannot be read");
      }
      Properties file = new Properties();
      try (InputStream in = Files.newInputStream(commandConfig)) {
        file.load(in);
      } catch (IOException | IllegalArgumentException e) {
        // Properties.load refuses a malformed unicode escape with an IllegalArgumentException.
        return bad(
            err,
            "--command-config " + commandConfig + ": not a properties file: " + e.getMessage());
      }
      file.forEach((k, v) -> props.put(k.toString(), v));
    }
    props.put("bootstrap.servers", bootstrap);
    props.put("request.timeout.ms", 15_000);
    props.put("default.api.timeout.ms", 30_000);
    BrokerLimits capacity =
        new BrokerLimits(mib(ingressMiBps), mib(egressMiBps), Math.round(diskGiB * (1L << 30)));
    ClusterModel model;
    Admin admin;
    try {
      admin = Admin.create(props);
    } catch (KafkaException e) {
      // A setting Kafka's client refuses (an unknown security.protocol, an address that does not
      // resolve).
      return bad(err, "--bootstrap-server / --command-config: " + describe(e));
    }
    try (admin) {
      err.printf(
          "reading %s%s...%n",
          bootstrap, sampleSeconds > 0 ? ", measuring ingress for " + sampleSeconds + " s" : "");
      err.flush();
      model = new ClusterModelReader(admin).read(capacity, Duration.ofSeconds(sampleSeconds));
    } catch (KafkaUnavailableException | KafkaException e) {
      err.println("cannot read the cluster at " + bootstrap + ": " + e.getMessage());
      return FAILED;
    }
    try {
      writeSnapshot(model, output);
    } catch (IOException e) {
      err.println(output + ": cannot write: " + e.getMessage());
      return FAILED;
    }
    err.printf(
        "wrote %s: %d brokers, %d partitions%n",
        output, model.brokers().size(), model.partitions().size());
    return 0;
  }

  private static int bad(PrintWriter err, String message) {
    err.println(message);
    return BAD_INPUT;
  }

  /**
   * The client's message and its cause's (Kafka wraps the ConfigException that says which setting).
   */
  private static String describe(Throwable e) {
    String message = String.valueOf(e.getMessage());
    Throwable cause = e.getCause();
    return cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())
        ? message + ": " + cause.getMessage()
        : message;
  }

  private static long mib(double mibps) {
    return Math.round(mibps * 1024 * 1024);
  }

  private static void writeSnapshot(ClusterModel model, Path output) throws IOException {
    new SnapshotWriter().write(model, output);
  }
}
