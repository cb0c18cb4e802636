package io.serverlesskafka.operator.cli;

import io.serverlesskafka.autoscaler.rebalance.BrokerCapacity;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.SnapshotWriter;
import io.serverlesskafka.operator.rebalance.ClusterModelReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/skafka snapshot}: writes a live cluster's model in the snapshot format of docs/rebalancer.md, the
 * input of {@code bin/skafka plan}. Rates are measured over {@code --sample-seconds}.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "Write a live Kafka cluster's model (brokers, replicas, sizes, measured ingress and egress) as a snapshot JSON.")
public final class SnapshotCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-server", required = true, description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(names = "--command-config", description = "Client properties file (security settings), as Kafka's tools take.")
  Path commandConfig;

  @Option(names = "--output", required = true, description = "Snapshot JSON to write.")
  Path output;

  @Option(names = "--sample-seconds", description = "Measure ingress (log-end offsets) and egress (committed group offsets) over this many seconds; 0 skips (default: ${DEFAULT-VALUE}).")
  int sampleSeconds = 10;

  @Option(names = "--broker-ingress-mibps", description = "Capacity written for each broker (default: ${DEFAULT-VALUE}).")
  double ingressMiBps = 50;

  @Option(names = "--broker-egress-mibps", description = "Capacity written for each broker (default: ${DEFAULT-VALUE}).")
  double egressMiBps = 100;

  @Option(names = "--broker-disk-gib", description = "Capacity written for each broker (default: ${DEFAULT-VALUE}).")
  double diskGiB = 100;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SnapshotCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Object> props = new HashMap<>();
    if (commandConfig != null) {
      if (!Files.isReadable(commandConfig)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--command-config " + commandConfig + " cannot be read");
      }
      Properties file = new Properties();
      try (InputStream in = Files.newInputStream(commandConfig)) {
        file.load(in);
      }
      file.forEach((k, v) -> props.put(k.toString(), v));
    }
    props.put("bootstrap.servers", bootstrap);
    props.put("request.timeout.ms", 15_000);
    props.put("default.api.timeout.ms", 30_000);
    BrokerCapacity capacity = new BrokerCapacity(mib(ingressMiBps), mib(egressMiBps), Math.round(diskGiB * (1L << 30)));
    ClusterModel model;
    try (Admin admin = Admin.create(props)) {
      System.err.printf("reading %s%s...%n", bootstrap, sampleSeconds > 0 ? ", measuring ingress for " + sampleSeconds + " s" : "");
      model = new ClusterModelReader(admin).read(capacity, Duration.ofSeconds(sampleSeconds));
    }
    writeSnapshot(model, output);
    System.err.printf("wrote %s: %d brokers, %d partitions%n", output, model.brokers().size(), model.partitions().size());
    return 0;
  }

  private static long mib(double mibps) {
    return Math.round(mibps * 1024 * 1024);
  }

  private static void writeSnapshot(ClusterModel model, Path output) throws IOException {
    new SnapshotWriter().write(model, output);
  }
}
