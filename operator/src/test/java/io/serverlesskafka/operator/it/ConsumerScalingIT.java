package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.localkube.CrdInstaller;
import io.serverlesskafka.localkube.Kubectl;
import io.serverlesskafka.operator.keda.ScaledObject;
import io.serverlesskafka.operator.keda.TriggerAuthentication;
import io.serverlesskafka.operator.reconcile.KedaAvailability;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * spec.consumers → KEDA objects. The API server starts without KEDA's CRDs; the first test sees the
 * topic report that, the next ones install them (for the rest of the shared environment) and check
 * what is written.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsumerScalingIT {
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
    tenant = env.newNamespace("team-k");
  }

  private static void applyTopic(String name, String consumers) {
    var result =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec:
          cluster: %s/shared
          partitions: 6
          consumers:
        %s
        """
                .formatted(name, tenant, clusterNs, consumers.indent(4)));
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private static Optional<Condition> condition(String topic, String type) {
    ServerlessTopic t =
        client.resources(ServerlessTopic.class).inNamespace(tenant).withName(topic).get();
    if (t == null || t.getStatus() == null) {
      return Optional.empty();
    }
    return t.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static String state(String topic, String type) {
    return condition(topic, type).map(c -> c.getStatus() + "/" + c.getReason()).orElse(null);
  }

  private static ScaledObject scaledObject(String name) {
    return client.resources(ScaledObject.class).inNamespace(tenant).withName(name).get();
  }

  @Test
  @Order(1)
  void withoutKedaTheTopicSaysSoAndIsStillReady() {
    Assumptions.assumeFalse(
        client.supports(ScaledObject.class), "KEDA CRDs already installed in this API server");
    applyTopic("lonely", "- { deployment: lonely-worker, group: workers }");
    await("ConsumerScaling=False/KedaNotInstalled")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "False/KedaNotInstalled".equals(state("lonely", "ConsumerScaling")));
    await("Ready despite KEDA missing")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(state("lonely", "Ready")));
    assertThat(condition("lonely", "ConsumerScaling").orElseThrow().getMessage())
        .contains("KEDA is not installed");
    assertThat(client.v1().events().inNamespace(tenant).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getInvolvedObject().getName()).isEqualTo("lonely");
              assertThat(e.getReason()).isEqualTo("KedaNotInstalled");
              assertThat(e.getType()).isEqualTo("Warning");
            });
  }

  @Test
  @Order(2)
  void writesScaledObjectsAndTriggerAuthenticationOnceKedaIsInstalled()
      throws InterruptedException {
    new CrdInstaller(client).installKeda();
    // the operator remembers "no KEDA" for a moment; a topic reconciled within it would retry only
    // in 30 s
    Thread.sleep(KedaAvailability.NEGATIVE_TTL.toMillis() + 500);
    applyTopic(
        "orders",
        """
        - { deployment: orders-worker, group: workers, lagThreshold: 50, maxReplicas: 4 }
        - { deployment: orders-audit, group: audit }
        """);
    await("ScaledObjects written")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                scaledObject("orders.orders-worker") != null
                    && scaledObject("orders.orders-audit") != null);
    ScaledObject worker = scaledObject("orders.orders-worker");
    assertThat(worker.getSpec().getScaleTargetRef().getName()).isEqualTo("orders-worker");
    assertThat(worker.getSpec().getMinReplicaCount()).isZero();
    assertThat(worker.getSpec().getMaxReplicaCount()).isEqualTo(4);
    assertThat(worker.getSpec().getTriggers().get(0).getMetadata())
        .containsEntry("consumerGroup", tenant + ".orders_workers")
        .containsEntry("topic", tenant + ".orders")
        .containsEntry("lagThreshold", "50")
        .containsEntry("bootstrapServers", "shared-kafka-bootstrap." + clusterNs + ".svc:9093");
    assertThat(scaledObject("orders.orders-audit").getSpec().getMaxReplicaCount()).isEqualTo(6);
    TriggerAuthentication auth =
        client
            .resources(TriggerAuthentication.class)
            .inNamespace(tenant)
            .withName("orders-kafka")
            .get();
    assertThat(auth.getSpec().getSecretTargetRef())
        .extracting(r -> r.getParameter())
        .containsExactly("sasl", "username", "password", "tls", "ca");
    await("ConsumerScaling=True")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/ConsumersScaled".equals(state("orders", "ConsumerScaling")));

    // the topic that waited for KEDA picks it up on its next reconcile (a spec edit here)
    Assumptions.assumeTrue(condition("lonely", "ConsumerScaling").isPresent());
    applyTopic("lonely", "- { deployment: lonely-worker, group: workers, lagThreshold: 10 }");
    await("lonely's ScaledObject after KEDA arrived")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                scaledObject("lonely.lonely-worker") != null
                    && "True/ConsumersScaled".equals(state("lonely", "ConsumerScaling")));
  }

  @Test
  @Order(3)
  void removesTheScaledObjectOfARemovedEntry() {
    if (!client.supports(ScaledObject.class)) {
      new CrdInstaller(client).installKeda();
    }
    applyTopic(
        "shrinking",
        """
        - { deployment: a-worker, group: a }
        - { deployment: b-worker, group: b }
        """);
    await("two ScaledObjects")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                scaledObject("shrinking.a-worker") != null
                    && scaledObject("shrinking.b-worker") != null);
    applyTopic("shrinking", "- { deployment: a-worker, group: a }");
    await("b-worker's ScaledObject removed")
        .atMost(Duration.ofSeconds(60))
        .until(() -> scaledObject("shrinking.b-worker") == null);
    assertThat(scaledObject("shrinking.a-worker")).isNotNull();
  }

  @Test
  @Order(4)
  void whatIsWrittenPassesKedasOwnSchemaStrictly() {
    // bin/test fetches KEDA's CRDs (scripts/fetch-keda-crds.sh); elsewhere the minimal ones cannot
    // judge this.
    Assumptions.assumeTrue(
        CrdInstaller.kedaSchemaAvailable() || System.getenv("CI") != null,
        "KEDA's own CRDs not fetched");
    assertThat(CrdInstaller.kedaSchemaAvailable())
        .as("KEDA's CRDs are fetched by bin/test")
        .isTrue();
    var crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("scaledobjects.keda.sh")
            .get();
    assertThat(
            crd.getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec")
                .getProperties())
        .as("KEDA's full schema is installed")
        .containsKeys("scaleTargetRef", "triggers", "minReplicaCount");
    applyTopic(
        "strict",
        "- { deployment: strict-worker, group: workers, lagThreshold: 20, activationLagThreshold: 2 }");
    await("ScaledObject written")
        .atMost(Duration.ofSeconds(60))
        .until(() -> scaledObject("strict.strict-worker") != null);
    for (String kind :
        new String[] {"scaledobject/strict.strict-worker", "triggerauthentication/strict-kafka"}) {
      // Read back and re-applied with strict field validation: an unknown or mistyped field is an
      // error here,
      // where the operator's own apply would have it pruned silently.
      var yaml = kubectl.run(null, "get", kind, "-n", tenant, "-o", "yaml");
      assertThat(yaml.exitCode()).as(yaml.output()).isZero();
      // Without its resourceVersion: the operator may rewrite the object between the read and the
      // dry run (the cluster's address arriving), and the check is about the schema, not the
      // version.
      String object = yaml.output().replaceAll("(?m)^\\s*resourceVersion: .*\\R", "");
      var dryRun =
          kubectl.run(
              object,
              "apply",
              "--server-side",
              "--force-conflicts",
              "--dry-run=server",
              "--validate=strict",
              "-f",
              "-");
      assertThat(dryRun.exitCode()).as(kind + ": " + dryRun.output()).isZero();
    }
    ScaledObject stored = scaledObject("strict.strict-worker");
    assertThat(stored.getSpec().getTriggers().get(0).getType()).isEqualTo("kafka");
    assertThat(stored.getSpec().getTriggers().get(0).getMetadata())
        .containsEntry("lagThreshold", "20")
        .containsEntry("activationLagThreshold", "2");
    assertThat(stored.getSpec().getTriggers().get(0).getAuthenticationRef().getName())
        .isEqualTo("strict-kafka");
  }
}
