package io.serverlesskafka.benchmarks.local;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicSpec;
import io.serverlesskafka.devcluster.LocalCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Timings of the local cluster (docs/benchmarks.md): start to a Ready ServerlessKafka, the cold
 * start of an OnDemand cluster, apply to Ready for a burst of topics, and heap of the process
 * (operator and stand-in) holding many topics.
 */
@Command(
    name = "bench-local",
    mixinStandardHelpOptions = true,
    description = "Local cluster timings.")
public final class LocalClusterBenchmark implements Callable<Integer> {
  @Option(
      names = "--latency-topics",
      description = "Topics applied at once for apply-to-Ready (default: ${DEFAULT-VALUE}).")
  int latencyTopics = 50;

  @Option(
      names = "--memory-topics",
      description = "Topics held for the memory figure, 0 to skip (default: ${DEFAULT-VALUE}).")
  int memoryTopics = 1000;

  @Option(
      names = "--wake-ups",
      description =
          "Hibernate/wake-up round trips of an OnDemand cluster, 0 to skip (default: ${DEFAULT-VALUE}).")
  int wakeUps = 3;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalClusterBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("skafka-bench");
    long started = System.nanoTime();
    try (LocalCluster cluster = new LocalCluster(work, 0, s -> System.err.println("  " + s))) {
      cluster.start(3, Duration.ofMinutes(5));
      double startSeconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("start to Ready cluster (3 brokers, empty data): %.1f s%n", startSeconds);

      KubernetesClient client = cluster.client();
      if (wakeUps > 0) {
        List<double[]> rows = new ColdStartBenchmark(client).run(wakeUps);
        System.out.printf(
            "OnDemand cold start (1 broker + 1 controller), %d wake-ups: apply to topic Ready p50 %.1f s, max %.1f s;"
                + " operator's status.lastWakeUp.coldStartSeconds p50 %.0f s; last topic deleted to Hibernating p50 %.1f s%n",
            wakeUps,
            percentile(column(rows, 0), 50),
            percentile(column(rows, 0), 100),
            percentile(column(rows, 1), 50),
            percentile(column(rows, 2), 50));
      }
      long heapBefore = heapAfterGc();
      List<Double> latencies =
          applyAndWait(client, "bench-latency", latencyTopics, Duration.ofMinutes(5));
      System.out.printf(
          "apply to Ready, %d topics applied at once: p50 %.2f s, p95 %.2f s, max %.2f s%n",
          latencyTopics,
          percentile(latencies, 50),
          percentile(latencies, 95),
          percentile(latencies, 100));

      if (memoryTopics > 0) {
        long t0 = System.nanoTime();
        List<Double> all =
            applyAndWait(
                client, "bench-memory", memoryTopics - latencyTopics, Duration.ofMinutes(30));
        long heapAfter = heapAfterGc();
        System.out.printf(
            "%d topics Ready in %.0f s (p50 %.1f s, p95 %.1f s)%n",
            memoryTopics, (System.nanoTime() - t0) / 1e9, percentile(all, 50), percentile(all, 95));
        System.out.printf(
            "heap after GC of the operator process (operator + Strimzi stand-in + clients): %d MiB with 0 topics, %d MiB with %d topics (%.1f KiB per topic)%n",
            heapBefore >> 20,
            heapAfter >> 20,
            memoryTopics,
            (heapAfter - heapBefore) / 1024.0 / memoryTopics);
      }
    }
    return 0;
  }

  private static List<Double> applyAndWait(
      KubernetesClient client, String namespace, int count, Duration timeout)
      throws InterruptedException {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    Map<String, Long> appliedAt = new ConcurrentHashMap<>();
    Map<String, Double> readyAfter = new ConcurrentHashMap<>();
    var watch =
        client
            .resources(ServerlessTopic.class)
            .inNamespace(namespace)
            .watch(
                new io.fabric8.kubernetes.client.Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ServerlessTopic t) {
                    Long at = appliedAt.get(t.getMetadata().getName());
                    boolean ready =
                        t.getStatus() != null
                            && t.getStatus().getConditions().stream()
                                .anyMatch(
                                    c ->
                                        "Ready".equals(c.getType())
                                            && "True".equals(c.getStatus()));
                    if (at != null && ready) {
                      readyAfter.putIfAbsent(
                          t.getMetadata().getName(), (System.nanoTime() - at) / 1e9);
                    }
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                });
    for (int i = 0; i < count; i++) {
      ServerlessTopic topic = new ServerlessTopic();
      topic.getMetadata().setName("t" + i);
      topic.getMetadata().setNamespace(namespace);
      ServerlessTopicSpec spec = new ServerlessTopicSpec();
      spec.setPartitions(1);
      spec.setReplicationFactor(1);
      topic.setSpec(spec);
      appliedAt.put("t" + i, System.nanoTime());
      client.resource(topic).create();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    int lastReported = 0;
    while (readyAfter.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(500);
      if (readyAfter.size() - lastReported >= 100) {
        lastReported = readyAfter.size();
        System.err.printf("  %d/%d topics ready%n", lastReported, count);
      }
    }
    watch.close();
    if (readyAfter.size() < count) {
      throw new IllegalStateException(
          readyAfter.size() + " of " + count + " topics Ready within " + timeout);
    }
    return new ArrayList<>(readyAfter.values());
  }

  private static List<Double> column(List<double[]> rows, int index) {
    return rows.stream().map(r -> r[index]).toList();
  }

  private static long heapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
