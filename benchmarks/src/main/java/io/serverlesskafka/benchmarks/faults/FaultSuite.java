package io.serverlesskafka.benchmarks.faults;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.AutoscalingSettings;
import io.serverlesskafka.api.v1alpha1.BrokerCapacitySpec;
import io.serverlesskafka.api.v1alpha1.BrokerSettings;
import io.serverlesskafka.api.v1alpha1.RebalanceStatus;
import io.serverlesskafka.api.v1alpha1.RebalancingSettings;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.devcluster.LocalCluster;
import io.serverlesskafka.devcluster.OperatorProcess;
import io.serverlesskafka.devcluster.kafka.LocalKafkaCluster;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Faults at the worst moments of the elastic machinery, on the local cluster with real brokers and
 * the operator as its own process. Every case writes with an idempotent {@code acks=all} producer
 * while it runs and reads the topic back at the end: no acknowledged record may be lost or
 * duplicated. Prints a table ({@code bin/fault-suite}).
 */
@Command(
    name = "fault-suite",
    mixinStandardHelpOptions = true,
    description =
        "Kills brokers, the operator and the API server during scaling and reassignment; counts lost and duplicated records.")
public final class FaultSuite implements Callable<Integer> {
  static final String NS = LocalCluster.DEFAULT_CLUSTER_NAMESPACE;
  static final String NAME = LocalCluster.DEFAULT_CLUSTER_NAME;

  @Option(
      names = "--long",
      description =
          "All cases (the short form: one grow and one shrink, with a broker and the operator killed).")
  boolean longForm;

  @Option(
      names = "--preload",
      description =
          "Records of 1 KiB written to each case's topic before its fault (default: ${DEFAULT-VALUE}).")
  int preload = 20_000;

  @Option(
      names = "--rate",
      description = "Records per second written while a case runs (default: ${DEFAULT-VALUE}).")
  int rate = 300;

  @Option(
      names = "--throttle",
      description =
          "Replication throttle in MiB/s, so that moves last long enough to be cut (default: ${DEFAULT-VALUE}).")
  double throttleMiBps = 1.0;

  @Option(names = "--dir", description = "Work directory (default: a new temporary one).")
  Path dir;

  private LocalCluster cluster;
  private KubernetesClient client;
  private int caseNumber;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FaultSuite()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<FaultResult> results = run();
    System.out.println();
    System.out.print(FaultResult.table(results));
    return results.stream().allMatch(FaultResult::passed) ? 0 : 1;
  }

  /** Runs the cases in order on one local cluster and returns their results. */
  public List<FaultResult> run() throws Exception {
    Path work = dir != null ? dir : Files.createTempDirectory("fault-suite");
    List<FaultResult> results = new ArrayList<>();
    try (LocalCluster local =
        new LocalCluster(work, 0, s -> System.err.println("[local cluster] " + s))
            .withOperatorMode(LocalCluster.OperatorMode.PROCESS)) {
      cluster = local.start(3, Duration.ofMinutes(5));
      client = cluster.client();
      configure(3);
      results.add(resize("broker kill -9 during the fill after a scale-up", 4, this::killABroker));
      results.add(
          resize(
              "operator kill -9 during the drain before a scale-down",
              3,
              this::killAndRestartOperator));
      if (longForm) {
        results.add(
            resize(
                "operator kill -9 during the fill after a scale-up",
                4,
                this::killAndRestartOperator));
        results.add(
            resize(
                "leader kill -9 during a drain (two replicas, leader election)",
                3,
                this::failOverLeader));
        results.add(
            resize("kube-apiserver and etcd restart during a fill", 4, this::restartControlPlane));
        results.add(resize("grow, rebalance, shrink without faults (shrink)", 3, () -> "ok"));
      }
    }
    return results;
  }

  /** A fault injected while partitions move; returns "ok" or what went wrong. */
  private interface Fault {
    String inject() throws Exception;
  }

  private void configure(int brokers) {
    client
        .resources(ServerlessKafka.class)
        .inNamespace(NS)
        .withName(NAME)
        .edit(
            k -> {
              BrokerSettings b =
                  k.getSpec().getBrokers() != null
                      ? k.getSpec().getBrokers()
                      : new BrokerSettings();
              b.setMin(brokers);
              b.setMax(brokers);
              BrokerCapacitySpec capacity = new BrokerCapacitySpec();
              capacity.setIngressMiBps(
                  1000.0); // the load never asks for brokers: min and max decide
              capacity.setEgressMiBps(1000.0);
              b.setCapacity(capacity);
              k.getSpec().setBrokers(b);
              AutoscalingSettings autoscaling =
                  k.getSpec().getAutoscaling() != null
                      ? k.getSpec().getAutoscaling()
                      : new AutoscalingSettings();
              autoscaling.setScaleUpStabilization("10s");
              autoscaling.setScaleDownStabilization("20s");
              k.getSpec().setAutoscaling(autoscaling);
              RebalancingSettings rebalancing =
                  k.getSpec().getRebalancing() != null
                      ? k.getSpec().getRebalancing()
                      : new RebalancingSettings();
              rebalancing.setThrottleMiBps(throttleMiBps);
              k.getSpec().setRebalancing(rebalancing);
              return k;
            });
  }

  private FaultResult resize(String name, int brokers, Fault fault) throws Exception {
    String topic = "faults-" + (++caseNumber);
    LocalKafkaCluster kafka = kafka();
    kafka.admin().createTopic(topic, 6, 3, Map.of("min.insync.replicas", "2"));
    Map<String, Object> props = kafka.adminProperties();
    System.err.printf("%n== %s (topic %s, %d brokers wanted)%n", name, topic, brokers);
    try (AckCountingProducer producer = new AckCountingProducer(props, topic, 1024)) {
      producer.preload(preload);
      producer.startBackground(rate);
      configure(brokers);
      String note;
      long faultAt;
      if (!await(Duration.ofMinutes(3), () -> moving(brokers))) {
        faultAt = System.nanoTime();
        note =
            "no reassignment seen running to cut (" + rebalanceSummary() + "); fault not injected";
      } else {
        System.err.println("   moving: " + rebalanceSummary() + "; injecting the fault");
        faultAt = System.nanoTime();
        note = fault.inject();
      }
      boolean settled = await(Duration.ofMinutes(6), () -> settled(brokers));
      double recovery = (System.nanoTime() - faultAt) / 1e9;
      producer.stop();
      if (!settled) {
        note = "did not settle within 6 minutes: " + rebalanceSummary() + "; " + note;
      }
      String throttles = leftoverThrottles();
      if (!throttles.isEmpty()) {
        note = "throttles left: " + throttles + "; " + note;
      }
      BitSet acked = producer.acked();
      ReadBack.Result read = ReadBack.read(kafka().adminProperties(), topic, Duration.ofMinutes(2));
      if (producer.failed() > 0) {
        note =
            note
                + " ("
                + producer.failed()
                + " sends failed, not acknowledged: "
                + producer.lastFailure()
                + ")";
      }
      FaultResult result =
          new FaultResult(
              name,
              acked.cardinality(),
              read.records(),
              read.lost(acked),
              read.duplicates(),
              recovery,
              note);
      System.err.printf(
          "   %s%n", FaultResult.table(List.of(result)).lines().skip(2).findFirst().orElse(""));
      return result;
    }
  }

  private LocalKafkaCluster kafka() {
    return cluster
        .strimzi()
        .cluster(NS, NAME)
        .orElseThrow(() -> new IllegalStateException("the local Kafka cluster is not running"));
  }

  private ServerlessKafka serverlessKafka() {
    return client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME).get();
  }

  private RebalanceStatus rebalance() {
    ServerlessKafka k = serverlessKafka();
    return k == null || k.getStatus() == null ? null : k.getStatus().getRebalance();
  }

  private String rebalanceSummary() {
    RebalanceStatus r = rebalance();
    return r == null
        ? "no rebalance in status"
        : "rebalance "
            + r.getPhase()
            + " "
            + r.getReason()
            + " "
            + r.getMovesDone()
            + "/"
            + r.getMovesTotal()
            + (r.getMessage() == null ? "" : " (" + r.getMessage() + ")");
  }

  /** A reassignment toward {@code brokers} brokers is under way, with moves left to cut. */
  private boolean moving(int brokers) {
    RebalanceStatus r = rebalance();
    return r != null
        && "Running".equals(r.getPhase())
        && r.getMovesTotal() != null
        && r.getMovesDone() != null
        && r.getMovesDone() < r.getMovesTotal()
        && !kafka().admin().ongoingReassignments().isEmpty();
  }

  /** The pool has {@code brokers} brokers, all registered, and no reassignment runs. */
  private boolean settled(int brokers) {
    KafkaNodePool pool =
        client.resources(KafkaNodePool.class).inNamespace(NS).withName(NAME + "-brokers").get();
    RebalanceStatus r = rebalance();
    try {
      return pool != null
          && pool.getStatus() != null
          && pool.getStatus().getNodeIds() != null
          && pool.getStatus().getNodeIds().size() == brokers
          && kafka().admin().brokerIds().size() == brokers
          && (r == null || !"Running".equals(r.getPhase()))
          && kafka().admin().ongoingReassignments().isEmpty();
    } catch (RuntimeException notNow) {
      return false; // a broker restarting, an Admin call timing out
    }
  }

  /** Replication throttles left on brokers or topics: the executor must remove what it set. */
  private String leftoverThrottles() {
    try {
      var admin = kafka().admin().admin();
      List<String> found = new ArrayList<>();
      var brokerResources =
          kafka().admin().brokerIds().stream()
              .map(
                  id ->
                      new org.apache.kafka.common.config.ConfigResource(
                          org.apache.kafka.common.config.ConfigResource.Type.BROKER, id.toString()))
              .toList();
      admin
          .describeConfigs(brokerResources)
          .all()
          .get()
          .forEach(
              (resource, config) ->
                  config.entries().stream()
                      .filter(
                          e ->
                              e.name().endsWith("replication.throttled.rate")
                                  && e.source()
                                      == org.apache.kafka.clients.admin.ConfigEntry.ConfigSource
                                          .DYNAMIC_BROKER_CONFIG)
                      .forEach(e -> found.add("broker " + resource.name() + " " + e.name())));
      for (String topic : kafka().admin().listTopics()) {
        kafka()
            .admin()
            .topicConfig(topic)
            .forEach(
                (key, value) -> {
                  if (key.endsWith("replication.throttled.replicas") && !value.isBlank()) {
                    found.add(topic + " " + key);
                  }
                });
      }
      return String.join(", ", found);
    } catch (Exception e) {
      return "(could not check: " + e.getMessage() + ")";
    }
  }

  private String killABroker() {
    LocalKafkaCluster kafka = kafka();
    int victim = kafka.brokerIds().first();
    ProcessHandle process = kafka.process(victim).orElseThrow();
    process.destroyForcibly();
    boolean back =
        await(
            Duration.ofMinutes(2),
            () ->
                kafka
                    .process(victim)
                    .map(p -> p.pid() != process.pid() && p.isAlive())
                    .orElse(false));
    return back
        ? "ok: broker " + victim + " killed and restarted"
        : "broker " + victim + " was not restarted";
  }

  private String killAndRestartOperator() throws InterruptedException {
    OperatorProcess running =
        cluster.operatorProcesses().stream()
            .filter(OperatorProcess::isAlive)
            .findFirst()
            .orElseThrow();
    running.kill();
    Thread.sleep(2000);
    cluster.restartOperator();
    return "ok: operator killed, restarted 2 s later";
  }

  private String failOverLeader() throws InterruptedException {
    // two replicas with leader election, started before the cut so that one is standby
    cluster.operatorProcesses().stream()
        .filter(OperatorProcess::isAlive)
        .forEach(OperatorProcess::close);
    Map<String, String> env = OperatorProcess.environment(0, true);
    env.put("LEADER_ELECTION_LEASE_NAME", "fault-suite");
    OperatorProcess a = cluster.startOperatorProcess(env);
    OperatorProcess b = cluster.startOperatorProcess(env);
    if (!await(Duration.ofSeconds(90), () -> holder() != null)) {
      return "no replica took the lease";
    }
    String leader = holder();
    OperatorProcess leading = leader.endsWith("-" + a.pid()) ? a : b;
    OperatorProcess standby = leading == a ? b : a;
    leading.kill();
    boolean tookOver =
        await(
            Duration.ofSeconds(90),
            () -> holder() != null && holder().endsWith("-" + standby.pid()));
    return tookOver
        ? "ok: leader killed, standby took the lease"
        : "the standby did not take the lease";
  }

  private String holder() {
    var lease = client.leases().inNamespace("default").withName("fault-suite").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private String restartControlPlane() {
    cluster.apiServer().restartControlPlane(Duration.ofSeconds(10));
    return "ok: kube-apiserver and etcd killed, restarted after 10 s";
  }

  private static boolean await(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException notYet) {
        // an API or Admin call failed in the middle of a fault: ask again
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
