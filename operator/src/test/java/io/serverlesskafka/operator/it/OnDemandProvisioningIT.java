package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.localkube.Kubectl;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OnDemandProvisioningIT {
  @Test
  void anIdleClusterRunsNoBrokersUntilATopicArrivesAndAfterTheLastOneLeaves() {
    TestEnvironment env = TestEnvironment.get();
    KubernetesClient client = env.client;
    Kubectl kubectl = env.kubectl;
    String clusterNs = env.newNamespace("kafka");
    String tenant = env.newNamespace("team-o");
    var applied =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: lazy, namespace: %s }
        spec:
          provisioning: OnDemand
          idleAfter: 0s
          brokers: { min: 3, max: 6 }
          allowedTopics: { namespaces: { from: All } }
        """
                .formatted(clusterNs));
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    await("idle cluster is Ready/Hibernating")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Hibernating".equals(env.clusterReadyState(clusterNs, "lazy")));
    assertThat(client.resources(Kafka.class).inNamespace(clusterNs).withName("lazy").get())
        .isNull();
    assertThat(client.resources(KafkaNodePool.class).inNamespace(clusterNs).list().getItems())
        .isEmpty();

    kubectl.apply(
        """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: first, namespace: %s }
        spec: { cluster: %s/lazy }
        """
            .formatted(tenant, clusterNs));
    await("the first topic provisions the cluster")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(env.clusterReadyState(clusterNs, "lazy")));
    var wait =
        kubectl.run(
            null,
            "wait",
            "--for=condition=Ready",
            "serverlesstopic/first",
            "-n",
            tenant,
            "--timeout=60s");
    assertThat(wait.exitCode()).as(wait.output()).isZero();
    assertThat(client.resources(Kafka.class).inNamespace(clusterNs).withName("lazy").get())
        .isNotNull();
    ServerlessKafka awake =
        client.resources(ServerlessKafka.class).inNamespace(clusterNs).withName("lazy").get();
    assertThat(awake.getStatus().getLastWakeUp())
        .as("the wake-up and its cold start are in the status")
        .satisfies(
            w -> {
              assertThat(w.getStartedAt()).isNotNull();
              assertThat(w.getReadyAt()).isNotNull();
              assertThat(w.getColdStartSeconds()).isNotNegative();
            });
    assertThat(client.v1().events().inNamespace(clusterNs).list().getItems())
        .extracting(e -> e.getReason())
        .contains("WakingUp", "WokeUp");
    assertThat(client.resources(KafkaNodePool.class).inNamespace(clusterNs).list().getItems())
        .as("a hibernating cluster keeps no volumes")
        .isNotEmpty()
        .allSatisfy(
            p ->
                assertThat(
                        ((io.strimzi.api.kafka.model.kafka.JbodStorage) p.getSpec().getStorage())
                            .getVolumes())
                    .allSatisfy(
                        v ->
                            assertThat(
                                    ((io.strimzi.api.kafka.model.kafka.PersistentClaimStorage) v)
                                        .isDeleteClaim())
                                .isTrue()));

    var deleted =
        kubectl.run(
            null, "delete", "stopic", "first", "-n", tenant, "--wait=true", "--timeout=60s");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    await("the last topic gone, the brokers go")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(env.clusterReadyState(clusterNs, "lazy")).isEqualTo("True/Hibernating");
              assertThat(
                      client.resources(Kafka.class).inNamespace(clusterNs).withName("lazy").get())
                  .isNull();
              assertThat(
                      client
                          .resources(KafkaNodePool.class)
                          .inNamespace(clusterNs)
                          .list()
                          .getItems())
                  .isEmpty();
            });
    ServerlessKafka idle =
        client.resources(ServerlessKafka.class).inNamespace(clusterNs).withName("lazy").get();
    assertThat(idle.getStatus().getBootstrapServers()).isNull();
    assertThat(idle.getStatus().getDesiredBrokers()).isZero();
    assertThat(client.v1().events().inNamespace(clusterNs).list().getItems())
        .anyMatch(e -> "Hibernating".equals(e.getReason()));
  }
}
