package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.localkube.Kubectl;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one tenant can and cannot reach through the operator, against the real API server: clusters
 * that do not accept its namespace, objects of its topic's names that someone else made, and a
 * retained topic of an earlier namespace with the same name.
 */
class TopicTenancyIT {
  static TestEnvironment env;
  static KubernetesClient client;
  static Kubectl kubectl;
  static String clusterNs;

  @BeforeAll
  static void cluster() {
    env = TestEnvironment.get();
    client = env.client;
    kubectl = env.kubectl;
    clusterNs = env.newSharedCluster("kafka");
  }

  private static void applyTopic(String ns, String name, String cluster, String extra) {
    var applied =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec:
          cluster: %s
        %s
        """
                .formatted(name, ns, cluster, extra.indent(2)));
    assertThat(applied.exitCode()).as(applied.output()).isZero();
  }

  private static String readyState(String ns, String name) {
    ServerlessTopic t =
        client.resources(ServerlessTopic.class).inNamespace(ns).withName(name).get();
    if (t == null || t.getStatus() == null || t.getStatus().getConditions() == null) {
      return null;
    }
    return t.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse(null);
  }

  private static String readyMessage(String ns, String name) {
    return client
        .resources(ServerlessTopic.class)
        .inNamespace(ns)
        .withName(name)
        .get()
        .getStatus()
        .getConditions()
        .stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElseThrow()
        .getMessage();
  }

  private static void assertWarningEvent(
      String ns, String topic, String reason, String messagePart) {
    await("Warning " + reason + " on " + topic)
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getInvolvedObject().getName()).isEqualTo(topic);
                          assertThat(e.getReason()).isEqualTo(reason);
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage()).contains(messagePart);
                        }));
  }

  @Test
  void aClusterThatDoesNotAcceptTheNamespaceGetsNothingUntilThePlatformAllowsIt() {
    String platform = env.newNamespace("platform");
    var cluster =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: private, namespace: %s }
        spec:
          brokers: { min: 3, max: 6 }
          allowedTopics:
            namespaces: { from: Selector, selector: { matchLabels: { kafka-tenant: "true" } } }
        """
                .formatted(platform));
    assertThat(cluster.exitCode()).as(cluster.output()).isZero();
    String tenant = env.newNamespace("outsider");
    applyTopic(tenant, "sneaky", platform + "/private", "");

    await("ClusterNotAllowed")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "False/ClusterNotAllowed".equals(readyState(tenant, "sneaky")));
    assertThat(readyMessage(tenant, "sneaky"))
        .contains(platform + "/private", tenant)
        .doesNotContain(clusterNs);
    assertWarningEvent(tenant, "sneaky", "ClusterNotAllowed", tenant);
    assertThat(client.resources(KafkaTopic.class).inNamespace(platform).list().getItems())
        .isEmpty();
    assertThat(client.resources(KafkaUser.class).inNamespace(platform).list().getItems())
        .noneMatch(u -> u.getMetadata().getName().startsWith(tenant));
    assertThat(
            client
                .resources(ServerlessTopic.class)
                .inNamespace(tenant)
                .withName("sneaky")
                .get()
                .getStatus()
                .getCluster())
        .as("not placed on the cluster")
        .isNull();

    // The platform team labels the namespace: the topic is placed without being touched.
    client
        .namespaces()
        .withName(tenant)
        .edit(
            n ->
                new NamespaceBuilder(n)
                    .editMetadata()
                    .addToLabels("kafka-tenant", "true")
                    .endMetadata()
                    .build());
    await("KafkaTopic created once the namespace is accepted")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .resources(KafkaTopic.class)
                        .inNamespace(platform)
                        .withName(tenant + ".sneaky")
                        .get()
                    != null);
  }

  @Test
  void aSecretOfTheTopicsNameThatSomeoneElseMadeIsLeftUntouchedAndReported() {
    String tenant = env.newNamespace("team-s");
    Secret theirs =
        client
            .secrets()
            .inNamespace(tenant)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("clash-kafka")
                    .endMetadata()
                    .addToStringData("password", "the application's own")
                    .build())
            .create();
    applyTopic(tenant, "clash", clusterNs + "/shared", "");

    await("Conflict")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "False/Conflict".equals(readyState(tenant, "clash")));
    assertThat(readyMessage(tenant, "clash")).contains("Secret " + tenant + "/clash-kafka");
    assertWarningEvent(tenant, "clash", "Conflict", "Secret " + tenant + "/clash-kafka");
    Secret after = client.secrets().inNamespace(tenant).withName("clash-kafka").get();
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(theirs.getMetadata().getResourceVersion());
    assertThat(
            client
                .resources(KafkaUser.class)
                .inNamespace(clusterNs)
                .withName(tenant + ".clash")
                .get())
        .as("no credentials were made")
        .isNull();

    var deleted =
        kubectl.run(
            null, "delete", "stopic", "clash", "-n", tenant, "--wait=true", "--timeout=60s");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    assertThat(
            client
                .secrets()
                .inNamespace(tenant)
                .withName("clash-kafka")
                .get()
                .getMetadata()
                .getResourceVersion())
        .as("deleting the topic leaves their Secret")
        .isEqualTo(theirs.getMetadata().getResourceVersion());
  }

  @Test
  void aKafkaTopicOfTheTopicsNameThatSomeoneElseMadeIsLeftUntouchedAndReported() {
    String tenant = env.newNamespace("team-m");
    // as MirrorMaker 2 would name a mirrored topic <alias>.<topic>
    KafkaTopic mirrored =
        client
            .resources(KafkaTopic.class)
            .inNamespace(clusterNs)
            .resource(
                new KafkaTopicBuilder()
                    .withNewMetadata()
                    .withName(tenant + ".mirror")
                    .withLabels(Map.of("strimzi.io/cluster", "shared"))
                    .endMetadata()
                    .withNewSpec()
                    .withPartitions(3)
                    .withReplicas(3)
                    .withConfig(Map.of("retention.ms", 86_400_000))
                    .endSpec()
                    .build())
            .create();
    applyTopic(tenant, "mirror", clusterNs + "/shared", "partitions: 6\nretention: { time: 1h }");

    await("Conflict")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "False/Conflict".equals(readyState(tenant, "mirror")));
    assertThat(readyMessage(tenant, "mirror"))
        .contains(
            "KafkaTopic " + clusterNs + "/" + tenant + ".mirror", "not created by the operator");
    assertWarningEvent(
        tenant, "mirror", "Conflict", "KafkaTopic " + clusterNs + "/" + tenant + ".mirror");
    KafkaTopic after =
        client
            .resources(KafkaTopic.class)
            .inNamespace(clusterNs)
            .withName(tenant + ".mirror")
            .get();
    assertThat(after.getSpec().getPartitions()).isEqualTo(3);
    assertThat(after.getSpec().getConfig()).containsEntry("retention.ms", 86_400_000);
    assertThat(after.getMetadata().getAnnotations()).as("not marked ours").isNullOrEmpty();

    // the default deletionPolicy Delete must not delete what was never the topic's
    var deleted =
        kubectl.run(
            null, "delete", "stopic", "mirror", "-n", tenant, "--wait=true", "--timeout=60s");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    assertThat(
            client
                .resources(KafkaTopic.class)
                .inNamespace(clusterNs)
                .withName(tenant + ".mirror")
                .get()
                .getMetadata()
                .getUid())
        .isEqualTo(mirrored.getMetadata().getUid());
  }

  @Test
  void aReCreatedNamespaceOfTheSameNameCannotTakeTheOldTeamsRetainedTopic() {
    String tenant = env.newNamespace("payments");
    applyTopic(tenant, "ledger", clusterNs + "/shared", "deletionPolicy: Retain");
    await("first team's topic Ready")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(readyState(tenant, "ledger")));
    var deleted =
        kubectl.run(
            null, "delete", "stopic", "ledger", "-n", tenant, "--wait=true", "--timeout=60s");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    KafkaTopic retained =
        client
            .resources(KafkaTopic.class)
            .inNamespace(clusterNs)
            .withName(tenant + ".ledger")
            .get();
    assertThat(retained).as("Retain keeps the topic").isNotNull();
    String oldNamespaceUid = client.namespaces().withName(tenant).get().getMetadata().getUid();

    deleteNamespace(tenant);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(tenant).endMetadata().build())
        .create();
    assertThat(client.namespaces().withName(tenant).get().getMetadata().getUid())
        .isNotEqualTo(oldNamespaceUid);

    applyTopic(tenant, "ledger", clusterNs + "/shared", "deletionPolicy: Retain");
    await("Conflict for the new team")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "False/Conflict".equals(readyState(tenant, "ledger")));
    assertThat(readyMessage(tenant, "ledger"))
        .contains("earlier namespace", "serverlesskafka.io/adoptable-by=" + tenant);
    assertThat(
            client
                .resources(KafkaUser.class)
                .inNamespace(clusterNs)
                .withName(tenant + ".ledger")
                .get())
        .as("no credentials for the old team's data")
        .isNull();
    assertThat(client.secrets().inNamespace(tenant).list().getItems())
        .noneMatch(s -> s.getMetadata().getName().equals("ledger-kafka"));
    assertThat(
            client
                .resources(KafkaTopic.class)
                .inNamespace(clusterNs)
                .withName(tenant + ".ledger")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(retained.getMetadata().getResourceVersion());

    // A platform admin decides the data is the new team's: the topic is handed over once.
    client
        .resources(KafkaTopic.class)
        .inNamespace(clusterNs)
        .withName(tenant + ".ledger")
        .edit(
            t -> {
              t.getMetadata().getAnnotations().put("serverlesskafka.io/adoptable-by", tenant);
              return t;
            });
    await("handed over")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(readyState(tenant, "ledger")));
    KafkaTopic handed =
        client
            .resources(KafkaTopic.class)
            .inNamespace(clusterNs)
            .withName(tenant + ".ledger")
            .get();
    assertThat(handed.getMetadata().getAnnotations())
        .doesNotContainKey("serverlesskafka.io/adoptable-by")
        .containsEntry(
            "serverlesskafka.io/namespace-uid",
            client.namespaces().withName(tenant).get().getMetadata().getUid());
  }

  @Test
  void deletingATopicRevokesItsCredentialsEvenIfItsStatusNeverNamedACluster() {
    String tenant = env.newNamespace("team-r");
    applyTopic(tenant, "crashed", "nowhere/missing", "");
    await("ClusterNotFound")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "False/ClusterNotFound".equals(readyState(tenant, "crashed")));
    ServerlessTopic topic =
        client.resources(ServerlessTopic.class).inNamespace(tenant).withName("crashed").get();
    assertThat(topic.getStatus().getCluster()).isNull();
    // What a reconcile that stopped between writing the KafkaUser and writing the status would
    // leave behind.
    client
        .resources(KafkaUser.class)
        .inNamespace(clusterNs)
        .resource(
            new io.strimzi.api.kafka.model.user.KafkaUserBuilder()
                .withNewMetadata()
                .withName(tenant + ".crashed")
                .withLabels(
                    Map.of(
                        "app.kubernetes.io/managed-by",
                        "serverless-kafka-operator",
                        "strimzi.io/cluster",
                        "shared",
                        "serverlesskafka.io/topic-namespace",
                        tenant))
                .withAnnotations(
                    Map.of(
                        "serverlesskafka.io/owner",
                        "ServerlessTopic/" + tenant + "/crashed",
                        "serverlesskafka.io/owner-uid",
                        topic.getMetadata().getUid()))
                .endMetadata()
                .withNewSpec()
                .withNewKafkaUserScramSha512ClientAuthentication()
                .endKafkaUserScramSha512ClientAuthentication()
                .endSpec()
                .build())
        .create();

    var deleted =
        kubectl.run(
            null, "delete", "stopic", "crashed", "-n", tenant, "--wait=true", "--timeout=60s");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    await("the KafkaUser, found by its owner UID, is deleted")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(KafkaUser.class)
                        .inNamespace(clusterNs)
                        .withName(tenant + ".crashed")
                        .get()
                    == null);
  }

  /**
   * Deletes a namespace as the namespace controller would: this API server runs without one, so
   * once the namespace is Terminating its finalizer is removed through the finalize subresource
   * (its topic and Secret are gone already).
   */
  private static void deleteNamespace(String ns) {
    client.namespaces().withName(ns).delete();
    var finalize =
        kubectl.run(
            """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"},"spec":{"finalizers":[]}}
        """
                .formatted(ns),
            "replace",
            "--raw",
            "/api/v1/namespaces/" + ns + "/finalize",
            "-f",
            "-");
    await("namespace " + ns + " gone (finalize: " + finalize.output().strip() + ")")
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.namespaces().withName(ns).get() == null);
  }
}
