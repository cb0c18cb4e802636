package io.serverlesskafka.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.localkube.Kubectl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumers that scale to zero with KEDA's real operator: the ScaledObject and
 * TriggerAuthentication the operator writes, KEDA reading the group's lag from the brokers with the
 * topic's credentials (over TLS: the local cluster's default listener), and the Deployment's
 * replica count as the observable (the local cluster runs no pods; KEDA scales the Deployment
 * through its scale subresource). Beyond one replica the HPA KEDA creates scales it, with the HPA
 * controller of the local controller manager reading the lag from KEDA's metrics API server through
 * kube-apiserver's aggregation layer. Short polling and cooldown keep it quick.
 */
class KedaScalingIT {
  static final ResourceDefinitionContext SCALED_OBJECT =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withPlural("scaledobjects")
          .withKind("ScaledObject")
          .withNamespaced(true)
          .build();
  static final int POLLING_SECONDS = 2;
  static final int COOLDOWN_SECONDS = 5;
  static E2eCluster cluster;
  static Kubectl kubectl;

  @BeforeAll
  static void setUp() {
    cluster = E2eCluster.get();
    kubectl = cluster.kubectl;
  }

  /**
   * A topic with one consumer entry and its Deployment at zero replicas, as a team would apply
   * them.
   */
  private static void applyTopicAndDeployment(String ns) {
    applyTopicAndDeployment(ns, 2, "");
  }

  /**
   * @param consumerSettings more settings of the consumer entry, each with a leading ", "
   */
  private static void applyTopicAndDeployment(String ns, int partitions, String consumerSettings) {
    Kubectl.Result result =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: orders, namespace: %1$s }
        spec:
          cluster: %2$s
          partitions: %5$d
          consumers:
            - { deployment: worker, group: workers, pollingInterval: %3$d, cooldownPeriod: %4$d%6$s }
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: worker, namespace: %1$s }
        spec:
          replicas: 0
          selector: { matchLabels: { app: worker } }
          template:
            metadata: { labels: { app: worker } }
            spec: { containers: [ { name: worker, image: apache/kafka:4.1.1 } ] }
        """
                .formatted(
                    ns,
                    cluster.clusterRef(),
                    POLLING_SECONDS,
                    COOLDOWN_SECONDS,
                    partitions,
                    consumerSettings));
    assertThat(result.exitCode()).as(result.output()).isZero();
    Kubectl.Result wait =
        kubectl.run(
            null,
            "wait",
            "--for=condition=Ready",
            "serverlesstopic/orders",
            "-n",
            ns,
            "--timeout=120s");
    assertThat(wait.exitCode()).as(wait.output()).isZero();
  }

  private static int replicas(String ns) {
    Deployment d = cluster.client.apps().deployments().inNamespace(ns).withName("worker").get();
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  /**
   * The status of a condition KEDA set on the topic's ScaledObject, or null before KEDA wrote it.
   */
  @SuppressWarnings("unchecked")
  private static String scaledObjectCondition(String ns, String type) {
    GenericKubernetesResource so =
        cluster
            .client
            .genericKubernetesResources(SCALED_OBJECT)
            .inNamespace(ns)
            .withName("orders.worker")
            .get();
    if (so == null
        || !(so.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    return conditions.stream()
        .map(c -> (Map<String, Object>) c)
        .filter(c -> type.equals(c.get("type")))
        .map(c -> (String) c.get("status"))
        .findFirst()
        .orElse(null);
  }

  @Test
  void anIdleTopicStaysAtZeroARecordWakesItsDeploymentAndCatchingUpReturnsItToZero()
      throws Exception {
    // TLS is the local cluster's default listener: KEDA must read the lag over it with the CA of
    // the topic's Secret
    if (System.getProperty("e2e.kubeconfig", System.getenv("E2E_KUBECONFIG")) == null) {
      assertThat(
              cluster
                  .client
                  .resources(ServerlessKafka.class)
                  .inNamespace(cluster.clusterNamespace)
                  .withName(cluster.clusterName)
                  .get()
                  .getStatus()
                  .getSecurityProtocol())
          .isEqualTo("SASL_SSL");
    }
    String teamA = cluster.newNamespace("keda-a");
    String teamB = cluster.newNamespace("keda-b");
    applyTopicAndDeployment(teamA);
    applyTopicAndDeployment(teamB);

    // KEDA has checked both (Ready=True, Active=False): no record and no committed offset is no lag
    for (String ns : List.of(teamA, teamB)) {
      await("KEDA checked " + ns + "'s ScaledObject")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  "True".equals(scaledObjectCondition(ns, "Ready"))
                      && "False".equals(scaledObjectCondition(ns, "Active")));
    }
    // several polling intervals later, still asleep
    Thread.sleep(3L * POLLING_SECONDS * 1000);
    assertThat(replicas(teamA)).as("idle topic's Deployment").isZero();
    assertThat(replicas(teamB)).isZero();

    Map<String, Object> settings = cluster.clientProperties(teamA, "orders");
    String topic = cluster.secretValue(teamA, "orders-kafka", "topic");
    List<String> sent = List.of("r-0", "r-1", "r-2");
    KafkaClients.produce(settings, topic, sent);
    await("team A's worker woken")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(replicas(teamA)).isEqualTo(1));
    // team B's topic has the same name and its own group: A's records are not B's lag
    assertThat(replicas(teamB)).as("another tenant's Deployment").isZero();
    assertThat(scaledObjectCondition(teamB, "Active")).isEqualTo("False");

    // the consumer a woken worker runs: the group of the ScaledObject, from the earliest offset
    // (the trigger's
    // offsetResetPolicy), so it reads every record that woke it and commits when it closes
    String group = cluster.secretValue(teamA, "orders-kafka", "group.prefix") + "workers";
    assertThat(KafkaClients.consume(settings, topic, group, sent.size(), Duration.ofSeconds(60)))
        .containsExactlyInAnyOrderElementsOf(sent);
    await("team A's worker back to zero after the cooldown")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(replicas(teamA)).isZero());
    assertThat(replicas(teamB)).isZero();
  }

  @Test
  void lagAboveTheThresholdScalesTheDeploymentBeyondOneReplicaThroughTheHpa() throws Exception {
    assertThat(cluster.kedaServesMetricsApi())
        .as("KEDA's metrics API server runs (scripts/build-keda.sh builds it)")
        .isTrue();
    String ns = cluster.newNamespace("keda-hpa");
    // 4 partitions: at most 4 replicas (maxReplicaCount defaults to the partition count, and KEDA
    // caps the lag it reports at partitions x lagThreshold)
    applyTopicAndDeployment(ns, 4, ", lagThreshold: 2");
    await("KEDA checked the ScaledObject")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                "True".equals(scaledObjectCondition(ns, "Ready"))
                    && "False".equals(scaledObjectCondition(ns, "Active")));
    assertThat(replicas(ns)).isZero();

    Map<String, Object> settings = cluster.clientProperties(ns, "orders");
    String topic = cluster.secretValue(ns, "orders-kafka", "topic");
    List<String> sent = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "r-" + i).toList();
    long produced = System.nanoTime();
    KafkaClients.produce(settings, topic, sent);
    await("KEDA wakes the worker")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> replicas(ns) >= 1);
    long woken = System.nanoTime();
    // lag 10, lagThreshold 2: 5 replicas wanted, 4 partitions allow 4; only the HPA scales beyond 1
    await("the HPA scales the worker to one replica per partition")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> assertThat(replicas(ns)).as("replicas; HPA %s", hpaConditions(ns)).isEqualTo(4));
    long scaled = System.nanoTime();
    System.out.printf(
        "first records to 1 replica: %.1f s; 1 to 4 replicas (HPA): %.1f s%n",
        (woken - produced) / 1e9, (scaled - woken) / 1e9);

    // the group catches up: KEDA takes it from 4 straight to 0 after the cooldown
    String group = cluster.secretValue(ns, "orders-kafka", "group.prefix") + "workers";
    assertThat(KafkaClients.consume(settings, topic, group, sent.size(), Duration.ofSeconds(60)))
        .containsExactlyInAnyOrderElementsOf(sent);
    await("the worker back to zero after the cooldown")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(replicas(ns)).isZero());
  }

  /** The conditions of the HPA KEDA made for the topic's ScaledObject, for failure messages. */
  private static String hpaConditions(String ns) {
    var hpa =
        cluster
            .client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(ns)
            .withName("keda-hpa-orders.worker")
            .get();
    if (hpa == null || hpa.getStatus() == null || hpa.getStatus().getConditions() == null) {
      return "(none yet)";
    }
    return hpa.getStatus().getConditions().stream()
        .map(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
        .toList()
        .toString();
  }
}
