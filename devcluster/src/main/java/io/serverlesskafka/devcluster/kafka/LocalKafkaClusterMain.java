package io.serverlesskafka.devcluster.kafka;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link LocalKafkaCluster} until Ctrl-C, for trying it out by hand: {@code java -cp
 * <devcluster classpath> io.serverlesskafka.devcluster.kafka.LocalKafkaClusterMain <dir>
 * [<brokers>]}. Prints the bootstrap servers and the admin client properties.
 */
public final class LocalKafkaClusterMain {

  private LocalKafkaClusterMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1 || args.length > 2) {
      System.err.println(
          "usage: LocalKafkaClusterMain <base dir> [<number of brokers, default 1>]");
      System.exit(2);
    }
    int brokers = args.length == 2 ? Integer.parseInt(args[1]) : 1;
    List<Integer> ids = new ArrayList<>();
    for (int i = 1; i <= brokers; i++) {
      ids.add(i);
    }
    LocalKafkaCluster cluster = LocalKafkaCluster.builder(Path.of(args[0])).brokerIds(ids).build();
    long started = System.nanoTime();
    cluster.start(); // the cluster's shutdown hook stops it on Ctrl-C
    System.out.printf(
        "Kafka cluster %s up in %d ms%nbootstrap.servers=%s%n",
        cluster.clusterId(), (System.nanoTime() - started) / 1_000_000, cluster.bootstrapServers());
    cluster
        .adminProperties()
        .forEach(
            (key, value) -> {
              if (!key.equals("bootstrap.servers")) {
                System.out.println(key + "=" + value);
              }
            });
    System.out.println("Ctrl-C stops it.");
    new CountDownLatch(1).await();
  }
}
