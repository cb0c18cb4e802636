package io.serverlesskafka.devcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator as its own process beside live brokers, as in a pod: killed with -9 and restarted it
 * picks up what changed while it was gone; two replicas with leader election hand over when the
 * leader is killed.
 */
class OperatorProcessIT {
  private static final String NS = "process-it";
  private static LocalCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        new LocalCluster(
                Files.createTempDirectory("operator-process"),
                0,
                s -> System.out.println("[local cluster] " + s))
            .withOperatorMode(LocalCluster.OperatorMode.PROCESS)
            .start(1, Duration.ofMinutes(4));
    client = cluster.client();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void survivesKillNineAndHandsOverLeadership() throws Exception {
    OperatorProcess first = cluster.operatorProcesses().get(0);
    assertThat(first.isAlive()).as("the operator runs as a process of its own").isTrue();
    assertThat(first.pid()).isNotEqualTo(ProcessHandle.current().pid());
    applyTopic("before");
    awaitReady("before");
    String password = password("before");

    first.kill();
    applyTopic("while-down");
    Thread.sleep(3000);
    assertThat(ready("while-down")).as("nobody reconciles while the operator is down").isFalse();
    cluster.restartOperator();
    awaitReady("while-down");
    assertThat(ready("before")).isTrue();
    assertThat(password("before")).as("a restart keeps credentials").isEqualTo(password);
    assertThat(Files.readString(first.log())).doesNotContain("Exception in thread");

    // Two replicas with leader election, as the chart runs them with replicas: 2.
    cluster.operatorProcesses().forEach(OperatorProcess::close);
    Map<String, String> env = OperatorProcess.environment(0, true);
    env.put("LEADER_ELECTION_LEASE_NAME", "process-it-leader");
    OperatorProcess a = cluster.startOperatorProcess(env);
    await("one replica holds the lease")
        .atMost(Duration.ofSeconds(90))
        .until(() -> holder() != null);
    OperatorProcess b = cluster.startOperatorProcess(env);
    String leaderIdentity = holder();
    OperatorProcess leader = leaderIdentity.endsWith("-" + a.pid()) ? a : b;
    OperatorProcess standby = leader == a ? b : a;
    assertThat(leaderIdentity).as("identities name the process").endsWith("-" + leader.pid());
    applyTopic("with-two");
    awaitReady("with-two");

    long killed = System.nanoTime();
    leader.kill();
    await("the standby takes the lease")
        .atMost(Duration.ofSeconds(90))
        .until(() -> holder() != null && holder().endsWith("-" + standby.pid()));
    applyTopic("after-failover");
    awaitReady("after-failover");
    System.out.printf(
        "operator failover: lease taken and a new topic Ready %.1f s after kill -9 of the leader%n",
        (System.nanoTime() - killed) / 1e9);
    assertThat(standby.isAlive()).isTrue();
  }

  private static String holder() {
    Lease lease = client.leases().inNamespace("default").withName("process-it-leader").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void applyTopic(String name) {
    ServerlessTopic topic =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec: { partitions: 1 }
        """
                    .formatted(name, NS),
                ServerlessTopic.class);
    client.resource(topic).create();
  }

  private static boolean ready(String name) {
    ServerlessTopic t =
        client.resources(ServerlessTopic.class).inNamespace(NS).withName(name).get();
    return t != null
        && t.getStatus() != null
        && t.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void awaitReady(String name) {
    await("topic " + name + " Ready").atMost(Duration.ofSeconds(120)).until(() -> ready(name));
  }

  private static String password(String topic) {
    return List.of(
            client
                .secrets()
                .inNamespace(NS)
                .withName(topic + "-kafka")
                .get()
                .getData()
                .get("password"))
        .get(0);
  }
}
