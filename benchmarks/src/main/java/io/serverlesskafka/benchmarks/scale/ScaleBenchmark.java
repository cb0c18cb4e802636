package io.serverlesskafka.benchmarks.scale;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicSpec;
import io.serverlesskafka.benchmarks.soak.OperatorProbe;
import io.serverlesskafka.devcluster.LocalCluster;
import io.serverlesskafka.devcluster.OperatorProcess;
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
 * The operator at scale (docs/benchmarks.md, "The operator at scale"): the local cluster with the
 * operator as its own process, topics added in steps; at each step the operator's RSS and heap
 * after GC, CPU per reconcile and API requests per topic; then a burst of topics applied at once,
 * with apply → Ready split into the operator's share and the Strimzi stand-in's.
 */
@Command(
    name = "bench-scale",
    mixinStandardHelpOptions = true,
    description = "The operator's footprint and latency at many topics.")
public final class ScaleBenchmark implements Callable<Integer> {
  @Option(
      names = "--steps",
      split = ",",
      description = "Topic counts at which the operator is measured (default: ${DEFAULT-VALUE}).")
  List<Integer> steps = List.of(0, 1000, 5000);

  @Option(
      names = "--burst",
      description =
          "Topics applied at once for the latency split, 0 to skip (default: ${DEFAULT-VALUE}).")
  int burst = 500;

  @Option(names = "--partitions", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
  int partitions = 1;

  @Option(
      names = "--brokers",
      description = "Brokers of the local cluster (default: ${DEFAULT-VALUE}).")
  int brokers = 1;

  @Option(
      names = "--timeout-minutes",
      description = "Longest wait for one step's topics to be Ready (default: ${DEFAULT-VALUE}).")
  int timeoutMinutes = 40;

  @Option(names = "--dir", description = "Work directory (default: a new temporary one).")
  Path dir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleBenchmark()).execute(args));
  }

  /** One step of the table. */
  record Row(
      int topics,
      long rssMiB,
      long heapMiB,
      int threads,
      double cpuMsPerReconcile,
      double reconciles,
      double apiRequestsPerTopic,
      double operatorRequestsPerTopic,
      double secondsToReady) {}

  @Override
  public Integer call() throws Exception {
    Path work = dir != null ? dir : Files.createTempDirectory("skafka-scale");
    try (LocalCluster local =
        new LocalCluster(work, 0, s -> System.err.println("[local cluster] " + s))
            .withOperatorMode(LocalCluster.OperatorMode.PROCESS)) {
      local.start(brokers, Duration.ofMinutes(5));
      KubernetesClient client = local.client();
      OperatorProcess operator = local.operatorProcesses().get(0);
      OperatorProbe probe = new OperatorProbe(operator.pid(), operator.metricsPort());
      ApiServerRequests apiServer = new ApiServerRequests(client);
      Thread.sleep(
          10_000); // the first reconciles of the default cluster settle before the baseline
      System.err.println("operator process " + operator.pid() + ", log " + operator.log());

      List<Row> rows = new ArrayList<>();
      int held = 0;
      TopicWaves waves = new TopicWaves(client, partitions);
      for (int step : steps.stream().sorted().toList()) {
        double seconds = 0;
        OperatorCounters before = OperatorCounters.read(probe, operator.pid());
        long apiBefore = apiServer.total();
        if (step > held) {
          String namespace = "scale-" + step;
          client
              .namespaces()
              .resource(
                  new NamespaceBuilder()
                      .withNewMetadata()
                      .withName(namespace)
                      .endMetadata()
                      .build())
              .serverSideApply();
          long t0 = System.nanoTime();
          waves.applyAndWaitReady(namespace, step - held, Duration.ofMinutes(timeoutMinutes));
          seconds = (System.nanoTime() - t0) / 1e9;
          Thread.sleep(15_000); // requeues and the usage meter's first pass over the new topics
        }
        int added = step - held;
        held = Math.max(held, step);
        OperatorCounters after = OperatorCounters.read(probe, operator.pid());
        long apiAfter = apiServer.total();
        OperatorProbe.Sample sample = probe.sampleAfterGc();
        long heap = heapAfterGc(operator.pid());
        double reconciles = after.reconciles() - before.reconciles();
        Row row =
            new Row(
                held,
                sample.rssKiB() >> 10,
                heap >> 20,
                sample.threads(),
                reconciles == 0
                    ? Double.NaN
                    : (after.cpuSeconds() - before.cpuSeconds()) * 1000 / reconciles,
                reconciles,
                added == 0 ? Double.NaN : (double) (apiAfter - apiBefore) / added,
                added == 0 ? Double.NaN : (after.kubeRequests() - before.kubeRequests()) / added,
                seconds);
        rows.add(row);
        System.err.printf(Locale.ROOT, "step %d topics: %s%n", held, row);
      }

      BurstResult burstResult = null;
      if (burst > 0) {
        String namespace = "scale-burst";
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .serverSideApply();
        burstResult =
            new BurstTimer(client, LocalCluster.DEFAULT_CLUSTER_NAMESPACE, namespace, partitions)
                .run(burst, Duration.ofMinutes(timeoutMinutes));
      }
      System.out.println();
      System.out.print(table(rows, burstResult, partitions, brokers));
    }
    return 0;
  }

  /**
   * Heap in use right after a full GC, as {@code jcmd <pid> GC.heap_info} reports it (SerialGC: the
   * "used" of the young and the tenured generation), so that nothing allocated after the collection
   * is counted.
   */
  static long heapAfterGc(long pid) throws java.io.IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
    Process info =
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info")
            .redirectErrorStream(true)
            .start();
    String text =
        new String(info.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    info.waitFor();
    long kib = 0;
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(?m)^\\s*(def new generation|DefNew|tenured generation|Tenured)\\s+total \\d+K, used (\\d+)K")
            .matcher(text);
    while (m.find()) {
      kib += Long.parseLong(m.group(2));
    }
    return kib * 1024;
  }

  static String table(List<Row> rows, BurstResult burst, int partitions, int brokers) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "operator as its own process (-Xmx256m, SerialGC); %d broker(s), %d partition(s) per topic, RF 1%n%n",
            brokers,
            partitions));
    out.append(
        "| topics held | operator RSS | heap after GC | threads | CPU per reconcile | reconciles in step | API requests per added topic (all clients) | operator's own requests per added topic | step's topics Ready in |\n");
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %,d | %d MiB | %d MiB | %d | %s | %.0f | %s | %s | %s |%n",
              r.topics(),
              r.rssMiB(),
              r.heapMiB(),
              r.threads(),
              Double.isNaN(r.cpuMsPerReconcile())
                  ? "–"
                  : String.format(Locale.ROOT, "%.1f ms", r.cpuMsPerReconcile()),
              r.reconciles(),
              nan(r.apiRequestsPerTopic()),
              nan(r.operatorRequestsPerTopic()),
              r.secondsToReady() == 0
                  ? "–"
                  : String.format(Locale.ROOT, "%.0f s", r.secondsToReady())));
    }
    if (burst != null) {
      out.append(System.lineSeparator()).append(burst.table());
    }
    return out.toString();
  }

  private static String nan(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * Cumulative counters of the operator process: CPU time, reconciles, its own Kubernetes requests.
   */
  record OperatorCounters(double cpuSeconds, double reconciles, double kubeRequests) {
    static OperatorCounters read(OperatorProbe probe, long pid) {
      String metrics = probe.metrics();
      double[] sums = new double[3];
      OperatorProbe.forEachSample(metrics, "process_cpu_seconds_total", (l, v) -> sums[0] += v);
      OperatorProbe.forEachSample(
          metrics,
          "serverless_kafka_reconciliation_duration_seconds_count",
          (l, v) -> sums[1] += v);
      OperatorProbe.forEachSample(
          metrics, "serverless_kafka_operator_kube_requests_total", (l, v) -> sums[2] += v);
      return new OperatorCounters(sums[0], sums[1], sums[2]);
    }
  }

  /** Creates ServerlessTopics in waves and waits for them all to be Ready. */
  static final class TopicWaves {
    private final KubernetesClient client;
    private final int partitions;

    TopicWaves(KubernetesClient client, int partitions) {
      this.client = client;
      this.partitions = partitions;
    }

    void applyAndWaitReady(String namespace, int count, Duration timeout)
        throws InterruptedException {
      for (int i = 0; i < count; i++) {
        client.resource(topic(namespace, "t" + i, partitions)).create();
        if ((i + 1) % 500 == 0) {
          System.err.printf("  %s: %d/%d applied%n", namespace, i + 1, count);
        }
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      long ready = 0;
      while (System.nanoTime() < deadline) {
        ready =
            client
                .resources(ServerlessTopic.class)
                .inNamespace(namespace)
                .list()
                .getItems()
                .stream()
                .filter(ScaleBenchmark::ready)
                .count();
        System.err.printf("  %s: %d/%d Ready%n", namespace, ready, count);
        if (ready >= count) {
          return;
        }
        Thread.sleep(5_000);
      }
      throw new IllegalStateException(
          ready + " of " + count + " topics Ready in " + namespace + " within " + timeout);
    }
  }

  static ServerlessTopic topic(String namespace, String name, int partitions) {
    ServerlessTopic topic = new ServerlessTopic();
    topic.getMetadata().setName(name);
    topic.getMetadata().setNamespace(namespace);
    ServerlessTopicSpec spec = new ServerlessTopicSpec();
    spec.setPartitions(partitions);
    spec.setReplicationFactor(1);
    topic.setSpec(spec);
    return topic;
  }

  static boolean ready(ServerlessTopic t) {
    return t.getStatus() != null
        && t.getStatus().getConditions() != null
        && t.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
