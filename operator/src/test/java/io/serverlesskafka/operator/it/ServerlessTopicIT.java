package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.localkube.Kubectl;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerlessTopicIT {
  static TestEnvironment env;
  static KubernetesClient client;
  static Kubectl kubectl;
  static String clusterNs;
  static String tenant;

  @BeforeAll
  static void cluster() {
    env = TestEnvironment.get();
    client = env.client;
    kubectl = env.kubectl;
    clusterNs = env.newSharedCluster("kafka");
    tenant = env.newNamespace("team-a");
  }

  private static String topicYaml(String name, String extra) {
    return """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec:
          cluster: %s/shared
        %s
        """
        .formatted(name, tenant, clusterNs, extra.indent(2));
  }

  private static ServerlessTopic topic(String name) {
    return client.resources(ServerlessTopic.class).inNamespace(tenant).withName(name).get();
  }

  private static String readyReason(String name) {
    ServerlessTopic t = topic(name);
    if (t == null || t.getStatus() == null) {
      return null;
    }
    return t.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse(null);
  }

  private static String secretValue(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Test
  void topicBecomesReadyWithCredentialsSecretAndKubectlWaitReturns() {
    var applied =
        kubectl.apply(
            topicYaml(
                "orders",
                """
        partitions: 6
        throughput: { ingressMiBps: 4, egressMiBps: 8 }
        retention: { time: 7d }
        """));
    assertThat(applied.exitCode()).as(applied.output()).isZero();

    var wait =
        kubectl.run(
            null,
            "wait",
            "--for=condition=Ready",
            "serverlesstopic/orders",
            "-n",
            tenant,
            "--timeout=60s");
    assertThat(wait.exitCode()).as(wait.output()).isZero();

    KafkaTopic kt =
        client
            .resources(KafkaTopic.class)
            .inNamespace(clusterNs)
            .withName(tenant + ".orders")
            .get();
    assertThat(kt.getSpec().getPartitions()).isEqualTo(6);
    assertThat(kt.getSpec().getReplicas()).isEqualTo(3);
    assertThat(kt.getSpec().getConfig())
        .containsEntry("retention.ms", 604_800_000)
        .containsEntry("cleanup.policy", "delete");
    assertThat(kt.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "shared");

    KafkaUser user =
        client.resources(KafkaUser.class).inNamespace(clusterNs).withName(tenant + ".orders").get();
    assertThat(user.getSpec().getAuthentication().getType()).isEqualTo("scram-sha-512");
    var acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    assertThat(acls).hasSize(2);
    assertThat(acls.get(0).getResource()).hasFieldOrPropertyWithValue("name", tenant + ".orders");
    assertThat(acls.get(1).getResource()).hasFieldOrPropertyWithValue("name", tenant + ".orders_");
    // 4 MiB/s across 3 brokers (no leaders known without Kafka), enforced per broker by Kafka
    double c = io.serverlesskafka.operator.model.TopicModel.QUOTA_WINDOW_CORRECTION;
    assertThat(user.getSpec().getQuotas().getProducerByteRate())
        .isEqualTo((int) Math.ceil(4 * 1048576 * c / 3.0));
    assertThat(user.getSpec().getQuotas().getConsumerByteRate())
        .isEqualTo((int) Math.ceil(8 * 1048576 * c / 3.0));

    Secret secret = client.secrets().inNamespace(tenant).withName("orders-kafka").get();
    assertThat(secret.getData())
        .containsKeys(
            "bootstrap.servers",
            "topic",
            "username",
            "password",
            "sasl.jaas.config",
            "security.protocol",
            "sasl.mechanism",
            "client.properties");
    // TLS by default: the CA Strimzi published, as a file and inline in client.properties
    assertThat(secretValue(secret, "bootstrap.servers"))
        .isEqualTo("shared-kafka-bootstrap." + clusterNs + ".svc:9093");
    assertThat(secretValue(secret, "security.protocol")).isEqualTo("SASL_SSL");
    assertThat(secretValue(secret, "ca.crt")).isEqualTo(FakeStrimzi.CLUSTER_CA);
    assertThat(secretValue(secret, "client.properties"))
        .contains(
            "security.protocol=SASL_SSL",
            "ssl.truststore.type=PEM",
            "ssl.truststore.certificates=-----BEGIN CERTIFICATE-----");
    assertThat(secretValue(secret, "topic")).isEqualTo(tenant + ".orders");
    assertThat(secretValue(secret, "password")).isEqualTo("pw-" + tenant + ".orders");
    assertThat(secretValue(secret, "sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(secretValue(secret, "sasl.jaas.config"))
        .contains("username=\"" + tenant + ".orders\"");

    ServerlessTopic t = topic("orders");
    assertThat(t.getStatus().getKafkaTopic()).isEqualTo(tenant + ".orders");
    assertThat(t.getStatus().getPartitions()).isEqualTo(6);
    assertThat(t.getStatus().getSecretName()).isEqualTo("orders-kafka");
    assertThat(t.getStatus().getCluster()).isEqualTo(clusterNs + "/shared");
    assertThat(t.getStatus().getObservedGeneration()).isEqualTo(t.getMetadata().getGeneration());

    var columns = kubectl.run(null, "get", "stopic", "orders", "-n", tenant);
    assertThat(columns.output())
        .contains("READY", "CLUSTER", "PARTITIONS", "AGE")
        .contains("True")
        .contains(clusterNs + "/shared");
  }

  @Test
  void secretFollowsPasswordRotation() {
    kubectl.apply(topicYaml("rotating", ""));
    await("Secret rotating-kafka written")
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.secrets().inNamespace(tenant).withName("rotating-kafka").get() != null);
    env.strimzi.rotatePassword(clusterNs, tenant + ".rotating", "new-password");
    await("Secret rotating-kafka holds the rotated password")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                secretValue(
                        client.secrets().inNamespace(tenant).withName("rotating-kafka").get(),
                        "password")
                    .equals("new-password"));
    assertThat(
            secretValue(
                client.secrets().inNamespace(tenant).withName("rotating-kafka").get(),
                "sasl.jaas.config"))
        .contains("password=\"new-password\"");
  }

  @Test
  void partitionsIncreaseOnEditAndDerivedPartitionsFollowThroughput() {
    kubectl.apply(topicYaml("growing", "throughput: { ingressMiBps: 12 }"));
    await("derived partitions")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(readyReason("growing")));
    // 12 MiB/s at 5 MiB/s per partition
    assertThat(topic("growing").getStatus().getPartitions()).isEqualTo(3);
    kubectl.apply(topicYaml("growing", "partitions: 8\nthroughput: { ingressMiBps: 12 }"));
    await("partitions grow to 8")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .resources(KafkaTopic.class)
                        .inNamespace(clusterNs)
                        .withName(tenant + ".growing")
                        .get()
                        .getSpec()
                        .getPartitions()
                    == 8);
    await("status shows 8")
        .atMost(Duration.ofSeconds(60))
        .until(() -> Integer.valueOf(8).equals(topic("growing").getStatus().getPartitions()));
  }

  @Test
  void deletePolicyRemovesTopicUserAndSecret() {
    kubectl.apply(topicYaml("short-lived", "deletionPolicy: Delete"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(readyReason("short-lived")));
    var deleted =
        kubectl.run(
            null, "delete", "stopic", "short-lived", "-n", tenant, "--wait=true", "--timeout=60s");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    await("topic, user and secret removed")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .resources(KafkaTopic.class)
                          .inNamespace(clusterNs)
                          .withName(tenant + ".short-lived")
                          .get())
                  .isNull();
              assertThat(
                      client
                          .resources(KafkaUser.class)
                          .inNamespace(clusterNs)
                          .withName(tenant + ".short-lived")
                          .get())
                  .isNull();
              assertThat(client.secrets().inNamespace(tenant).withName("short-lived-kafka").get())
                  .isNull();
            });
  }

  @Test
  void retainPolicyKeepsTopicAndRemovesCredentials() {
    kubectl.apply(topicYaml("precious", "deletionPolicy: Retain"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(readyReason("precious")));
    var deleted =
        kubectl.run(
            null, "delete", "stopic", "precious", "-n", tenant, "--wait=true", "--timeout=60s");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    await("credentials removed")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .resources(KafkaUser.class)
                          .inNamespace(clusterNs)
                          .withName(tenant + ".precious")
                          .get())
                  .isNull();
              assertThat(client.secrets().inNamespace(tenant).withName("precious-kafka").get())
                  .isNull();
            });
    assertThat(
            client
                .resources(KafkaTopic.class)
                .inNamespace(clusterNs)
                .withName(tenant + ".precious")
                .get())
        .isNotNull();
  }

  @Test
  void unknownClusterIsReportedAndNothingIsCreated() {
    kubectl.apply(
        """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: lost, namespace: %s }
        spec: { cluster: nowhere/missing }
        """
            .formatted(tenant));
    await("ClusterNotFound")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "False/ClusterNotFound".equals(readyReason("lost")));
    assertThat(topic("lost").getStatus().getConditions().get(0).getMessage())
        .contains("nowhere/missing");
    assertThat(client.v1().events().inNamespace(tenant).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getInvolvedObject().getName()).isEqualTo("lost");
              assertThat(e.getReason()).isEqualTo("ClusterNotFound");
              assertThat(e.getType()).isEqualTo("Warning");
            });
    var describe = kubectl.run(null, "describe", "stopic", "lost", "-n", tenant);
    assertThat(describe.output()).contains("ClusterNotFound");
  }

  @Test
  void strimziRejectionBecomesNotReadyWithItsMessage() {
    env.strimzi.reject(
        clusterNs, tenant + ".refused", "Replication factor 3 larger than available brokers 2");
    kubectl.apply(topicYaml("refused", ""));
    await("StrimziRejected")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "False/StrimziRejected".equals(readyReason("refused")));
    assertThat(topic("refused").getStatus().getConditions().get(0).getMessage())
        .contains("Replication factor 3 larger");
    env.strimzi.accept(clusterNs, tenant + ".refused");
  }

  @Test
  void topicNameOverKafkaLimitIsRejectedWithReason() {
    String name = "x".repeat(250 - tenant.length());
    kubectl.apply(topicYaml(name, ""));
    await("TopicNameTooLong")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "False/TopicNameTooLong".equals(readyReason(name)));
    assertThat(client.resources(KafkaTopic.class).inNamespace(clusterNs).list().getItems())
        .noneMatch(t -> t.getMetadata().getName().endsWith(name));
  }
}
