package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.localkube.Kubectl;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerlessKafkaIT {
  static TestEnvironment env;
  static KubernetesClient client;
  static Kubectl kubectl;

  @BeforeAll
  static void setUp() {
    env = TestEnvironment.get();
    client = env.client;
    kubectl = env.kubectl;
  }

  private static String clusterYaml(String ns, String name, String spec) {
    return """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: %s, namespace: %s }
        spec:
        %s
        """
        .formatted(name, ns, spec.indent(2));
  }

  @Test
  void clusterBecomesStrimziKafkaWithPoolsAndAdminUser() {
    String ns = env.newNamespace("platform");
    var applied =
        kubectl.apply(
            clusterYaml(
                ns,
                "shared",
                """
        kafka: { version: 4.1.1, storage: { size: 50Gi } }
        brokers: { min: 3, max: 12, capacity: { ingressMiBps: 50, egressMiBps: 100 } }
        autoscaling: { targetUtilization: 0.6, scaleUpStabilization: 60s, scaleDownStabilization: 15m }
        rebalancing: { maxImbalance: 1.10, throttleMiBps: 40 }
        pricing: { perGiBIn: 0.10, perGiBOut: 0.05, perGiBMonthStored: 0.10 }
        """));
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    var wait =
        kubectl.run(
            null,
            "wait",
            "--for=condition=Ready",
            "serverlesskafka/shared",
            "-n",
            ns,
            "--timeout=60s");
    assertThat(wait.exitCode()).as(wait.output()).isZero();

    Kafka kafka = client.resources(Kafka.class).inNamespace(ns).withName("shared").get();
    assertThat(kafka.getSpec().getKafka().getVersion()).isEqualTo("4.1.1");
    assertThat(kafka.getSpec().getKafka().getListeners())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getAuth().getType()).isEqualTo("scram-sha-512");
              assertThat(l.isTls()).as("SCRAM over TLS unless the spec says otherwise").isTrue();
              assertThat(l.getPort()).isEqualTo(9093);
            });
    assertThat(
            ((KafkaAuthorizationSimple) kafka.getSpec().getKafka().getAuthorization())
                .getSuperUsers())
        .containsExactly("shared-operator-admin");
    assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).isNotNull();
    assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).isNotNull();
    // no owner reference: the garbage collector must never delete brokers (ClusterDeletionIT)
    assertThat(kafka.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(kafka.getMetadata().getAnnotations())
        .containsEntry("serverlesskafka.io/owner", "ServerlessKafka/" + ns + "/shared");

    KafkaNodePool brokers =
        client.resources(KafkaNodePool.class).inNamespace(ns).withName("shared-brokers").get();
    assertThat(brokers.getSpec().getReplicas()).isEqualTo(3);
    assertThat(brokers.getSpec().getRoles()).containsExactly(ProcessRoles.BROKER);
    assertThat(brokers.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "shared");
    KafkaNodePool controllers =
        client.resources(KafkaNodePool.class).inNamespace(ns).withName("shared-controllers").get();
    assertThat(controllers.getSpec().getRoles()).containsExactly(ProcessRoles.CONTROLLER);
    assertThat(
            client
                .resources(KafkaUser.class)
                .inNamespace(ns)
                .withName("shared-operator-admin")
                .get())
        .isNotNull();

    ServerlessKafka sk =
        client.resources(ServerlessKafka.class).inNamespace(ns).withName("shared").get();
    assertThat(sk.getStatus().getBootstrapServers())
        .isEqualTo("shared-kafka-bootstrap." + ns + ".svc:9093");
    assertThat(sk.getStatus().getSecurityProtocol()).isEqualTo("SASL_SSL");
    assertThat(sk.getStatus().getDesiredBrokers()).isEqualTo(3);
    await("ready brokers reported")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Integer.valueOf(3)
                    .equals(
                        client
                            .resources(ServerlessKafka.class)
                            .inNamespace(ns)
                            .withName("shared")
                            .get()
                            .getStatus()
                            .getReadyBrokers()));
    var columns = kubectl.run(null, "get", "skafka", "-n", ns);
    assertThat(columns.output()).contains("READY", "DESIRED", "BROKERS", "TOPICS");
  }

  @Test
  void plainTextIsChosenExplicitlyAndStaysUntilTlsIsAskedFor() {
    String ns = env.newNamespace("plain");
    kubectl.apply(clusterYaml(ns, "p1", "brokers: { min: 1, max: 3 }\nlistener: { tls: false }"));
    await("plain-text cluster ready")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "SASL_PLAINTEXT".equals(securityProtocol(ns, "p1")));
    assertThat(clientListener(ns, "p1").isTls()).isFalse();
    assertThat(
            client
                .resources(ServerlessKafka.class)
                .inNamespace(ns)
                .withName("p1")
                .get()
                .getStatus()
                .getBootstrapServers())
        .endsWith(":9092");

    // the field removed: the running plain-text listener is kept, so that its clients keep working
    kubectl.apply(clusterYaml(ns, "p1", "brokers: { min: 1, max: 3 }"));
    await("edit seen")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              ServerlessKafka k =
                  client.resources(ServerlessKafka.class).inNamespace(ns).withName("p1").get();
              return k.getStatus().getObservedGeneration().equals(k.getMetadata().getGeneration());
            });
    assertThat(clientListener(ns, "p1").isTls()).isFalse();

    kubectl.apply(clusterYaml(ns, "p1", "brokers: { min: 1, max: 3 }\nlistener: { tls: true }"));
    await("switched to TLS")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "SASL_SSL".equals(securityProtocol(ns, "p1")));
    assertThat(clientListener(ns, "p1").isTls()).isTrue();
  }

  private static String securityProtocol(String ns, String name) {
    ServerlessKafka k =
        client.resources(ServerlessKafka.class).inNamespace(ns).withName(name).get();
    return k == null || k.getStatus() == null ? null : k.getStatus().getSecurityProtocol();
  }

  private static io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener clientListener(
      String ns, String name) {
    return client
        .resources(Kafka.class)
        .inNamespace(ns)
        .withName(name)
        .get()
        .getSpec()
        .getKafka()
        .getListeners()
        .get(0);
  }

  @Test
  void aPoolSizeReadBeforeAScaleIsNotWrittenBackOverIt() {
    String ns = env.newNamespace("race");
    kubectl.apply(clusterYaml(ns, "r1", "brokers: { min: 3, max: 6 }"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.resources(KafkaNodePool.class).inNamespace(ns).withName("r1-brokers").get()
                    != null);
    KafkaNodePool read =
        client.resources(KafkaNodePool.class).inNamespace(ns).withName("r1-brokers").get();
    client
        .resources(KafkaNodePool.class)
        .inNamespace(ns)
        .withName("r1-brokers")
        .scale(5); // someone scales in between
    KafkaNodePool stale =
        new io.strimzi.api.kafka.model.nodepool.KafkaNodePoolBuilder(read)
            .editSpec()
            .withReplicas(3)
            .endSpec()
            .build();
    assertThatThrownBy(
            () ->
                new io.serverlesskafka.operator.reconcile.ResourceApplier(client)
                    .applyIfUnchanged(stale, read.getMetadata().getResourceVersion()))
        .isInstanceOfSatisfying(
            io.fabric8.kubernetes.client.KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(
            client
                .resources(KafkaNodePool.class)
                .inNamespace(ns)
                .withName("r1-brokers")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(5);
  }

  @Test
  void raisingMinBrokersGrowsThePoolAndPoolSizeSurvivesReapply() {
    String ns = env.newNamespace("grow");
    kubectl.apply(clusterYaml(ns, "c1", "brokers: { min: 3, max: 6 }"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(env.clusterReadyState(ns, "c1")));
    // The pool size belongs to the autoscaler once the pool exists: a size set there survives
    // reconciles.
    client.resources(KafkaNodePool.class).inNamespace(ns).withName("c1-brokers").scale(5);
    kubectl.apply(clusterYaml(ns, "c1", "brokers: { min: 3, max: 7 }"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Long.valueOf(2)
                    .equals(
                        client
                            .resources(ServerlessKafka.class)
                            .inNamespace(ns)
                            .withName("c1")
                            .get()
                            .getStatus()
                            .getObservedGeneration()));
    assertThat(
            client
                .resources(KafkaNodePool.class)
                .inNamespace(ns)
                .withName("c1-brokers")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(5);
    kubectl.apply(clusterYaml(ns, "c1", "brokers: { min: 6, max: 7 }"));
    await("pool raised to the new minimum")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(KafkaNodePool.class)
                        .inNamespace(ns)
                        .withName("c1-brokers")
                        .get()
                        .getSpec()
                        .getReplicas()
                    == 6);
  }

  @Test
  void invalidSpecIsReportedAndLeavesTheClusterAsItWas() {
    String ns = env.newNamespace("invalid");
    kubectl.apply(clusterYaml(ns, "c2", "brokers: { min: 3, max: 6 }"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(env.clusterReadyState(ns, "c2")));
    // max below the default min of 3: the schema cannot see the default, the operator can.
    var applied = kubectl.apply(clusterYaml(ns, "c2", "brokers: { max: 2 }"));
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    await("InvalidSpec")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "False/InvalidSpec".equals(env.clusterReadyState(ns, "c2")));
    assertThat(
            client
                .resources(KafkaNodePool.class)
                .inNamespace(ns)
                .withName("c2-brokers")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("InvalidSpec"));
  }

  @Test
  void metricsEndpointReportsReconciliationsAndTopics() throws IOException, InterruptedException {
    String ns = env.newNamespace("metrics");
    kubectl.apply(clusterYaml(ns, "m1", ""));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(env.clusterReadyState(ns, "m1")));
    int port = env.operator.metricsPort();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("serverless_kafka_reconciliations_total{controller=\"serverlesskafka\"}")
        .contains("serverless_kafka_reconciliation_duration_seconds")
        .contains("serverless_kafka_topics{state=\"Ready\"}")
        .contains(
            "serverless_kafka_cluster_brokers{cluster=\"m1\",kind=\"desired\",namespace=\""
                + ns
                + "\"} 3.0")
        .contains("jvm_memory_used_bytes");
  }
}
