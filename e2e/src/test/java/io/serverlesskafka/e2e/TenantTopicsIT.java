package io.serverlesskafka.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.serverlesskafka.localkube.Kubectl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an application team does with a ServerlessTopic, end to end, with kubectl and Kafka clients.
 */
class TenantTopicsIT {
  static E2eCluster cluster;
  static Kubectl kubectl;

  @BeforeAll
  static void setUp() {
    cluster = E2eCluster.get();
    kubectl = cluster.kubectl;
  }

  private static void applyTopic(String namespace, String name, String spec) {
    Kubectl.Result result =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec:
          cluster: %s
        %s
        """
                .formatted(name, namespace, cluster.clusterRef(), spec.indent(2)));
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private static void waitReady(String namespace, String name) {
    Kubectl.Result wait =
        kubectl.run(
            null,
            "wait",
            "--for=condition=Ready",
            "serverlesstopic/" + name,
            "-n",
            namespace,
            "--timeout=120s");
    assertThat(wait.exitCode()).as(wait.output()).isZero();
  }

  private static List<String> records(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toList();
  }

  @Test
  void producesAndConsumesExactlyTheRecordsWithTheSecretsCredentials() throws Exception {
    String ns = cluster.newNamespace("team-a");
    applyTopic(
        ns,
        "orders",
        "partitions: 6\nthroughput: { ingressMiBps: 4, egressMiBps: 8 }\nretention: { time: 7d }");
    waitReady(ns, "orders");
    Map<String, Object> settings = cluster.clientProperties(ns, "orders");
    String topic = cluster.secretValue(ns, "orders-kafka", "topic");
    List<String> sent = records("order", 500);
    KafkaClients.produce(settings, topic, sent);
    List<String> received =
        KafkaClients.consume(
            settings, topic, ns + ".orders_e2e", sent.size(), Duration.ofSeconds(60));
    assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void anotherTenantsCredentialsAreRefusedOnTheTopic() throws Exception {
    String teamA = cluster.newNamespace("team-a");
    String teamB = cluster.newNamespace("team-b");
    applyTopic(teamA, "ledger", "");
    applyTopic(teamB, "payments", "");
    waitReady(teamA, "ledger");
    waitReady(teamB, "payments");
    String ledger = cluster.secretValue(teamA, "ledger-kafka", "topic");
    Map<String, Object> teamBSettings = cluster.clientProperties(teamB, "payments");
    assertThatThrownBy(() -> KafkaClients.produce(teamBSettings, ledger, List.of("intrusion")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TopicAuthorizationException.class);
    // Reading with a group under team B's own prefix is still refused on team A's topic.
    assertThatThrownBy(
            () ->
                KafkaClients.consume(
                    teamBSettings, ledger, teamB + ".payments_spy", 1, Duration.ofSeconds(15)))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void aTopicsCredentialsCannotJoinTheGroupsOfATopicWhoseNameExtendsIt() throws Exception {
    String ns = cluster.newNamespace("team-g");
    applyTopic(ns, "orders", "partitions: 1");
    applyTopic(ns, "orders.eu", "partitions: 1");
    waitReady(ns, "orders");
    waitReady(ns, "orders.eu");
    Map<String, Object> orders = cluster.clientProperties(ns, "orders");
    String ordersTopic = cluster.secretValue(ns, "orders-kafka", "topic");
    assertThat(cluster.secretValue(ns, "orders.eu-kafka", "group.prefix"))
        .isEqualTo(ns + ".orders.eu_");
    KafkaClients.produce(orders, ordersTopic, List.of("one"));
    // Before the '_' delimiter, orders' prefix team-g.orders. covered every group of orders.eu.
    assertThatThrownBy(
            () ->
                KafkaClients.consume(
                    orders, ordersTopic, ns + ".orders.eu_g", 1, Duration.ofSeconds(15)))
        .isInstanceOf(org.apache.kafka.common.errors.GroupAuthorizationException.class);
    assertThat(
            KafkaClients.consume(orders, ordersTopic, ns + ".orders_g", 1, Duration.ofSeconds(60)))
        .containsExactly("one");
  }

  @Test
  void producerAboveItsQuotaIsThrottled() throws Exception {
    String ns = cluster.newNamespace("team-q");
    // 0.05 MiB/s for the whole cluster. Kafka measures a quota over ~11 one-second windows, so a
    // producer must send more than about 11 s worth of quota per broker before it is throttled: 900
    // KB do.
    applyTopic(
        ns, "metered", "partitions: 3\nthroughput: { ingressMiBps: 0.05, egressMiBps: 0.05 }");
    waitReady(ns, "metered");
    String topic = cluster.secretValue(ns, "metered-kafka", "topic");
    String value = "x".repeat(10_000);
    double throttleMax;
    try (KafkaProducer<String, String> producer =
        KafkaClients.producer(cluster.clientProperties(ns, "metered"))) {
      for (int i = 0; i < 90; i++) {
        producer.send(new ProducerRecord<>(topic, Integer.toString(i), value));
      }
      producer.flush();
      throttleMax =
          producer.metrics().entrySet().stream()
              .filter(
                  e ->
                      e.getKey().name().equals("produce-throttle-time-max")
                          && e.getKey().group().equals("producer-metrics"))
              .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
              .max()
              .orElse(0);
    }
    assertThat(throttleMax)
        .as("brokers throttled the producer (produce-throttle-time-max, ms)")
        .isGreaterThan(0);
  }

  @Test
  void partitionsIncreaseWhenTheManifestIsEdited() throws Exception {
    String ns = cluster.newNamespace("team-p");
    applyTopic(ns, "growing", "partitions: 3");
    waitReady(ns, "growing");
    String topic = cluster.secretValue(ns, "growing-kafka", "topic");
    applyTopic(ns, "growing", "partitions: 5");
    try (Admin admin = Admin.create(cluster.clientProperties(ns, "growing"))) {
      await("topic has 5 partitions in Kafka")
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(
                          admin
                              .describeTopics(List.of(topic))
                              .allTopicNames()
                              .get()
                              .get(topic)
                              .partitions())
                      .hasSize(5));
    }
    Kubectl.Result shrink =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: growing, namespace: %s }
        spec: { cluster: %s, partitions: 2 }
        """
                .formatted(ns, cluster.clusterRef()));
    assertThat(shrink.exitCode()).isNotZero();
    assertThat(shrink.output()).contains("partitions cannot be decreased");
  }

  @Test
  void deletingWithDeletePolicyRemovesTopicCredentialsAndSecret() throws Exception {
    String ns = cluster.newNamespace("team-d");
    applyTopic(ns, "scratch", "deletionPolicy: Delete");
    waitReady(ns, "scratch");
    String topic = cluster.secretValue(ns, "scratch-kafka", "topic");
    Map<String, Object> settings = cluster.clientProperties(ns, "scratch");
    KafkaClients.produce(settings, topic, records("tmp", 10));
    Kubectl.Result deleted =
        kubectl.run(null, "delete", "stopic", "scratch", "-n", ns, "--timeout=120s");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    assertThat(cluster.client.secrets().inNamespace(ns).withName("scratch-kafka").get()).isNull();
    try (Admin admin = Admin.create(cluster.adminProperties())) {
      await("topic deleted in Kafka")
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(() -> assertThat(admin.listTopics().names().get()).doesNotContain(topic));
    }
    // The old credentials no longer log in (the local stand-in revokes rather than deletes SCRAM
    // users,
    // working around a Kafka 4.1.1 bug; see docs/local-kafka.md).
    await("old credentials refused")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> KafkaClients.produce(settings, "anything", List.of("x")))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class));
  }

  @Test
  void deletingWithRetainPolicyKeepsTheDataForTheNextTopicOfThatName() throws Exception {
    String ns = cluster.newNamespace("team-r");
    applyTopic(ns, "archive", "deletionPolicy: Retain");
    waitReady(ns, "archive");
    String topic = cluster.secretValue(ns, "archive-kafka", "topic");
    List<String> kept = records("kept", 20);
    KafkaClients.produce(cluster.clientProperties(ns, "archive"), topic, kept);
    Kubectl.Result deleted =
        kubectl.run(null, "delete", "stopic", "archive", "-n", ns, "--timeout=120s");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    assertThat(cluster.client.secrets().inNamespace(ns).withName("archive-kafka").get()).isNull();
    try (Admin admin = Admin.create(cluster.adminProperties())) {
      Set<String> topics = admin.listTopics().names().get();
      assertThat(topics).contains(topic);
    }
    applyTopic(ns, "archive", "deletionPolicy: Retain");
    waitReady(ns, "archive");
    List<String> received =
        KafkaClients.consume(
            cluster.clientProperties(ns, "archive"),
            topic,
            ns + ".archive_restore",
            kept.size(),
            Duration.ofSeconds(60));
    assertThat(received).containsExactlyInAnyOrderElementsOf(kept);
  }

  @Test
  void badManifestsAreRejectedNamingTheField() {
    String ns = cluster.newNamespace("team-x");
    Kubectl.Result bad =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: broken, namespace: %s }
        spec:
          partitions: -1
          retention: { time: 7days }
        """
                .formatted(ns));
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.output()).contains("spec.partitions", "spec.retention.time");
    Kubectl.Result typo =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: broken, namespace: %s }
        spec:
          partitons: 3
        """
                .formatted(ns));
    assertThat(typo.exitCode()).isNotZero();
    assertThat(typo.output()).contains("unknown field", "spec.partitons");
    assertThat(
            cluster
                .client
                .resources(io.serverlesskafka.api.v1alpha1.ServerlessTopic.class)
                .inNamespace(ns)
                .withName("broken")
                .get())
        .isNull();
  }
}
