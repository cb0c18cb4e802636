package io.serverlesskafka.benchmarks.soak;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.BrokerSettings;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaSpec;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicSpec;
import io.serverlesskafka.devcluster.LocalCluster;
import io.serverlesskafka.devcluster.OperatorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A bounded soak on the local cluster with the operator as its own process: tenants create, change
 * and delete ServerlessTopics for a while, and one extra ServerlessKafka is created and deleted in
 * the middle. Samples the operator's RSS and threads ({@code /proc/<pid>/status}) and its reconcile
 * latency (from /metrics) per third of the run; at the end, with every topic and the extra cluster
 * gone, counts threads, Admin clients and the entries of the operator's per-topic and per-cluster
 * maps ({@code serverless_kafka_operator_tracked_entries}). Prints a table ({@code bin/soak}).
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description =
        "Tenants create, change and delete ServerlessTopics for N minutes; prints the operator's RSS, threads, reconcile latency and map sizes.")
public final class SoakCommand implements Callable<Integer> {
  static final String EXTRA_NS = "soak-extra";
  static final String EXTRA_NAME = "extra";

  @Option(
      names = "--minutes",
      description =
          "How long tenants churn topics (default: ${DEFAULT-VALUE}; 30 for the long form).")
  double minutes = 3;

  @Option(
      names = "--tenants",
      description =
          "Tenant namespaces, each with its own writer thread (default: ${DEFAULT-VALUE}).")
  int tenants = 3;

  @Option(
      names = "--topics-per-tenant",
      description =
          "Topics a tenant keeps at most; beyond it, the oldest is deleted (default: ${DEFAULT-VALUE}).")
  int topicsPerTenant = 6;

  @Option(
      names = "--pause-ms",
      description = "Pause between one tenant's operations (default: ${DEFAULT-VALUE}).")
  long pauseMs = 1000;

  @Option(
      names = "--no-extra-cluster",
      negatable = true,
      description = "Create and delete one extra ServerlessKafka mid-run (default: true).")
  boolean extraCluster = true;

  @Option(names = "--dir", description = "Work directory (default: a new temporary one).")
  Path dir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SoakCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    SoakResult result = run();
    System.out.println();
    System.out.print(result.table());
    return result.problems().isEmpty() ? 0 : 1;
  }

  /** Runs the soak on a new local cluster and returns what it measured. */
  public SoakResult run() throws Exception {
    Path work = dir != null ? dir : Files.createTempDirectory("soak");
    try (LocalCluster local =
        new LocalCluster(work, 0, s -> System.err.println("[local cluster] " + s))
            .withOperatorMode(LocalCluster.OperatorMode.PROCESS)) {
      LocalCluster cluster = local.start(1, Duration.ofMinutes(4));
      KubernetesClient client = cluster.client();
      OperatorProcess operator = cluster.operatorProcesses().get(0);
      OperatorProbe probe = new OperatorProbe(operator.pid(), operator.metricsPort());
      List<String> namespaces = new ArrayList<>();
      for (int t = 0; t < tenants; t++) {
        namespaces.add("soak-tenant-" + t);
      }
      namespaces.forEach(
          ns ->
              client
                  .namespaces()
                  .resource(
                      new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                  .serverSideApply());
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(EXTRA_NS).endMetadata().build())
          .serverSideApply();
      Thread.sleep(10_000); // let the operator's first reconciles settle before the baseline
      OperatorProbe.Sample baseline = probe.sampleAfterGc();
      OperatorProbe.Histogram start = probe.reconcileLatency();
      java.util.Map<String, Integer> baselineTracked = probe.trackedEntries();
      System.err.printf(
          "baseline: RSS %d MiB, %d threads, %d Admin client threads, tracked %s%n",
          baseline.rssKiB() >> 10, baseline.threads(), baseline.adminThreads(), baselineTracked);

      long runNanos = (long) (minutes * 60e9);
      long t0 = System.nanoTime();
      AtomicInteger operations = new AtomicInteger();
      AtomicInteger failures = new AtomicInteger();
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < tenants; t++) {
        Tenant tenant = new Tenant(client, namespaces.get(t), topicsPerTenant, new Random(t));
        writers.add(
            Thread.ofPlatform()
                .name("soak-" + namespaces.get(t))
                .start(
                    () -> {
                      while (System.nanoTime() - t0 < runNanos) {
                        try {
                          tenant.step();
                          operations.incrementAndGet();
                        } catch (RuntimeException e) {
                          failures.incrementAndGet();
                          System.err.println("   " + tenant.namespace + ": " + e.getMessage());
                        }
                        sleep(pauseMs);
                      }
                    }));
      }
      List<OperatorProbe.Sample> samples = new ArrayList<>();
      OperatorProbe.Histogram[] thirds = new OperatorProbe.Histogram[4];
      thirds[0] = start;
      int third = 1;
      String[] extra = {extraCluster ? "not created" : "off"};
      // the extra cluster comes at 1/6 of the run and goes from 1/2 on, in its own thread (its
      // waits are long)
      Thread extraLifecycle =
          Thread.ofPlatform()
              .name("soak-extra-cluster")
              .start(
                  () -> {
                    if (!extraCluster) {
                      return;
                    }
                    try {
                      sleepUntil(t0 + runNanos / 6);
                      createExtraCluster(client);
                      sleepUntil(t0 + runNanos / 2);
                      extra[0] = deleteExtraCluster(client);
                    } catch (RuntimeException e) {
                      extra[0] = "failed: " + e.getMessage();
                    }
                  });
      while (third <= 3) {
        sleep(5000);
        long elapsed = System.nanoTime() - t0;
        samples.add(probe.sample());
        if (elapsed >= third * runNanos / 3) {
          thirds[third] = probe.reconcileLatency();
          OperatorProbe.Sample s = samples.get(samples.size() - 1);
          System.err.printf(
              "third %d: %d operations, RSS %d MiB, %d threads, reconcile p95 %.3f s%n",
              third,
              operations.get(),
              s.rssKiB() >> 10,
              s.threads(),
              thirds[third].minus(thirds[third - 1]).quantile(0.95));
          third++;
        }
      }
      for (Thread w : writers) {
        w.join();
      }
      extraLifecycle.join();
      // everything goes: the maps must shrink back to what the remaining cluster needs
      for (String ns : namespaces) {
        client.resources(ServerlessTopic.class).inNamespace(ns).delete();
      }
      boolean topicsGone =
          await(
              Duration.ofMinutes(2),
              () ->
                  namespaces.stream()
                      .allMatch(
                          ns ->
                              client
                                  .resources(ServerlessTopic.class)
                                  .inNamespace(ns)
                                  .list()
                                  .getItems()
                                  .isEmpty()));
      sleep(10_000); // the cleanups' last events and the usage meter's pass
      OperatorProbe.Sample end = probe.sampleAfterGc();
      return new SoakResult(
          minutes,
          tenants,
          operations.get(),
          failures.get(),
          baseline,
          baselineTracked,
          samples,
          end,
          List.of(
              thirds[1].minus(thirds[0]), thirds[2].minus(thirds[1]), thirds[3].minus(thirds[2])),
          probe.trackedEntries(),
          topicsGone,
          extra[0]);
    }
  }

  private void createExtraCluster(KubernetesClient client) {
    ServerlessKafka shared =
        client
            .resources(ServerlessKafka.class)
            .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
            .withName(LocalCluster.DEFAULT_CLUSTER_NAME)
            .get();
    ServerlessKafkaSpec spec = shared.getSpec();
    spec.setAllowedTopics(
        null); // Same namespace (the default): tenants' topics stay on the shared cluster
    BrokerSettings brokers = spec.getBrokers() != null ? spec.getBrokers() : new BrokerSettings();
    brokers.setMin(1);
    brokers.setMax(1);
    spec.setBrokers(brokers);
    ServerlessKafka extra = new ServerlessKafka();
    extra.getMetadata().setNamespace(EXTRA_NS);
    extra.getMetadata().setName(EXTRA_NAME);
    extra.setSpec(spec);
    client.resource(extra).create();
    System.err.println("extra cluster " + EXTRA_NS + "/" + EXTRA_NAME + " created");
  }

  /**
   * Waits (a while) for the extra cluster to be Ready, so that its Admin client exists, then
   * deletes it.
   */
  private String deleteExtraCluster(KubernetesClient client) {
    var resource =
        client.resources(ServerlessKafka.class).inNamespace(EXTRA_NS).withName(EXTRA_NAME);
    boolean ready =
        await(
            Duration.ofSeconds(60),
            () -> {
              ServerlessKafka k = resource.get();
              return k != null
                  && k.getStatus() != null
                  && k.getStatus().getConditions().stream()
                      .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });
    resource.delete();
    boolean gone = await(Duration.ofSeconds(90), () -> resource.get() == null);
    String what =
        (ready ? "Ready, then deleted" : "not Ready within 60 s, deleted")
            + (gone ? "" : " but still there after 90 s");
    System.err.println("extra cluster: " + what);
    return what;
  }

  /** One tenant: keeps up to {@code max} topics, and each step creates, changes or deletes one. */
  static final class Tenant {
    final String namespace;
    private final KubernetesClient client;
    private final int max;
    private final Random random;
    private final List<String> topics = new ArrayList<>();
    private int next;

    Tenant(KubernetesClient client, String namespace, int max, Random random) {
      this.client = client;
      this.namespace = namespace;
      this.max = max;
      this.random = random;
    }

    void step() {
      int roll = random.nextInt(10);
      if (topics.isEmpty() || (topics.size() < max && roll < 4)) {
        String name = "t" + (next++);
        ServerlessTopic topic = new ServerlessTopic();
        topic.getMetadata().setNamespace(namespace);
        topic.getMetadata().setName(name);
        ServerlessTopicSpec spec = new ServerlessTopicSpec();
        spec.setPartitions(1 + random.nextInt(2));
        spec.setReplicationFactor(1);
        topic.setSpec(spec);
        client.resource(topic).create();
        topics.add(name);
      } else if (roll < 8 || topics.size() < max) {
        String name = topics.get(random.nextInt(topics.size()));
        // partitions only grow; a bigger count is a real change for the operator and the brokers
        client
            .resources(ServerlessTopic.class)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                t -> {
                  t.getSpec()
                      .setPartitions(
                          Math.min(
                              6,
                              (t.getSpec().getPartitions() == null
                                      ? 1
                                      : t.getSpec().getPartitions())
                                  + 1));
                  return t;
                });
      } else {
        String name = topics.remove(0);
        client.resources(ServerlessTopic.class).inNamespace(namespace).withName(name).delete();
      }
    }
  }

  static boolean await(Duration timeout, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException notYet) {
        // ask again
      }
      sleep(500);
    }
    return false;
  }

  private static void sleepUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      sleep(TimeUnit.NANOSECONDS.toMillis(left));
    }
  }

  static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
