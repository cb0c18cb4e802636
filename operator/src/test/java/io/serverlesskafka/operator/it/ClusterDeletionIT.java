package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.localkube.Kubectl;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting a ServerlessKafka that still serves topics, as a user or a GitOps pipeline would (plain,
 * background, foreground, the whole namespace): refused at admission by the chart's policy, naming
 * the topics, and no Strimzi object disappears. The finalizer is the second line when the policy is
 * not there.
 */
class ClusterDeletionIT {
  static TestEnvironment env;
  static KubernetesClient client;
  static Kubectl kubectl;

  @BeforeAll
  static void setUp() {
    env = TestEnvironment.get();
    client = env.client;
    kubectl = env.kubectl;
  }

  /**
   * A Ready cluster {@code name} in a fresh namespace with one topic {@code tenant/<topic>} on it;
   * returns the namespace.
   */
  private static String clusterWithTopic(
      String prefix, String name, String tenant, String topic, String deletionPolicy) {
    String ns = env.newNamespace(prefix);
    assertThat(
            kubectl
                .apply(
                    """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: %s, namespace: %s }
        spec: { brokers: { min: 3, max: 6 }, allowedTopics: { namespaces: { from: All } } }
        """
                        .formatted(name, ns))
                .exitCode())
        .isZero();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(env.clusterReadyState(ns, name)));
    var applied =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec: { cluster: %s/%s, deletionPolicy: %s }
        """
                .formatted(topic, tenant, ns, name, deletionPolicy));
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    var ready =
        kubectl.run(
            null,
            "wait",
            "--for=condition=Ready",
            "stopic/" + topic,
            "-n",
            tenant,
            "--timeout=60s");
    assertThat(ready.exitCode()).as(ready.output()).isZero();
    await("the cluster's status counts the topic")
        .atMost(Duration.ofSeconds(30))
        .until(() -> served(ns, name) == 1);
    return ns;
  }

  private static int served(String ns, String name) {
    ServerlessKafka k =
        client.resources(ServerlessKafka.class).inNamespace(ns).withName(name).get();
    if (k == null || k.getStatus() == null) {
      return -1;
    }
    return (k.getStatus().getTopics() == null ? 0 : k.getStatus().getTopics())
        + (k.getStatus().getRetainedTopics() == null ? 0 : k.getStatus().getRetainedTopics());
  }

  /** The cluster's Strimzi objects (null where one is gone). */
  private static List<HasMetadata> strimziObjects(String ns, String name) {
    return java.util.Arrays.asList(
        client.resources(Kafka.class).inNamespace(ns).withName(name).get(),
        client.resources(KafkaNodePool.class).inNamespace(ns).withName(name + "-brokers").get(),
        client.resources(KafkaNodePool.class).inNamespace(ns).withName(name + "-controllers").get(),
        client.resources(KafkaUser.class).inNamespace(ns).withName(name + "-operator-admin").get());
  }

  private static void assertStrimziObjectsIntact(String ns, String name) {
    assertThat(strimziObjects(ns, name))
        .allSatisfy(
            o -> {
              assertThat(o).isNotNull();
              assertThat(o.getMetadata().getDeletionTimestamp())
                  .as(o.getKind() + " being deleted")
                  .isNull();
              assertThat(o.getMetadata().getOwnerReferences())
                  .as(o.getKind() + " owner references")
                  .isNullOrEmpty();
            });
  }

  @Test
  void deletingAClusterThatServesTopicsIsRefusedAtAdmissionWhateverThePropagation() {
    String tenant = env.newNamespace("tenant");
    String ns = clusterWithTopic("gitops", "shared", tenant, "orders", "Delete");
    assertThat(strimziObjects(ns, "shared"))
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getAnnotations())
                    .containsEntry("serverlesskafka.io/owner", "ServerlessKafka/" + ns + "/shared")
                    .containsKey("serverlesskafka.io/owner-uid"));

    for (String cascade :
        List.of(
            "--wait=false", "--cascade=background", "--cascade=foreground", "--cascade=orphan")) {
      var deleted =
          kubectl.run(null, "delete", "skafka", "shared", "-n", ns, cascade, "--wait=false");
      assertThat(deleted.exitCode()).as(cascade + ": " + deleted.output()).isNotZero();
      assertThat(deleted.output())
          .as(cascade)
          .contains(
              "ServerlessKafka "
                  + ns
                  + "/shared still serves 1 ServerlessTopic(s) and 0 retained Kafka topic(s)")
          .contains(tenant + "/orders");
    }
    var namespace = kubectl.run(null, "delete", "namespace", ns, "--wait=false");
    assertThat(namespace.exitCode()).as(namespace.output()).isNotZero();
    assertThat(namespace.output())
        .contains(
            "namespace "
                + ns
                + " holds ServerlessKafka shared, which still serves 1 ServerlessTopic(s)");

    ServerlessKafka cluster =
        client.resources(ServerlessKafka.class).inNamespace(ns).withName("shared").get();
    assertThat(cluster.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(client.namespaces().withName(ns).get().getStatus().getPhase()).isEqualTo("Active");
    assertStrimziObjectsIntact(ns, "shared");
    assertThat(env.clusterReadyState(ns, "shared")).isEqualTo("True/Ready");

    // once the last topic is gone, the cluster and then its namespace may go, and take the Strimzi
    // objects along
    assertThat(
            kubectl
                .run(null, "delete", "stopic", "orders", "-n", tenant, "--timeout=60s")
                .exitCode())
        .isZero();
    await("status shows no topics")
        .atMost(Duration.ofSeconds(30))
        .until(() -> served(ns, "shared") == 0);
    var allowed =
        kubectl.run(
            null, "delete", "skafka", "shared", "-n", ns, "--cascade=foreground", "--timeout=60s");
    assertThat(allowed.exitCode()).as(allowed.output()).isZero();
    await("Strimzi objects removed by the operator")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(strimziObjects(ns, "shared")).containsOnlyNulls());
    assertThat(
            client
                .configMaps()
                .inNamespace(ns)
                .withLabel("serverlesskafka.io/cluster", "shared")
                .list()
                .getItems())
        .as("the cluster's ConfigMaps")
        .isEmpty();
    var namespaceGone = kubectl.run(null, "delete", "namespace", ns, "--timeout=90s");
    assertThat(namespaceGone.exitCode()).as(namespaceGone.output()).isZero();
  }

  @Test
  void aRetainedTopicBlocksDeletionOfItsCluster() {
    String tenant = env.newNamespace("tenant");
    String ns = clusterWithTopic("retain", "keeper", tenant, "ledger", "Retain");
    assertThat(
            kubectl
                .run(null, "delete", "stopic", "ledger", "-n", tenant, "--timeout=60s")
                .exitCode())
        .isZero();
    await("the retained topic counted")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              ServerlessKafka k =
                  client.resources(ServerlessKafka.class).inNamespace(ns).withName("keeper").get();
              return Integer.valueOf(1).equals(k.getStatus().getRetainedTopics())
                  && Integer.valueOf(0).equals(k.getStatus().getTopics());
            });
    var refused = kubectl.run(null, "delete", "skafka", "keeper", "-n", ns, "--wait=false");
    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    assertThat(refused.output())
        .contains(
            "0 ServerlessTopic(s) and 1 retained Kafka topic(s) (retained " + tenant + ".ledger)");
    assertStrimziObjectsIntact(ns, "keeper");

    // the platform team lets the data go: the cluster may be deleted
    client.resources(KafkaTopic.class).inNamespace(ns).withName(tenant + ".ledger").delete();
    await("status shows nothing served")
        .atMost(Duration.ofSeconds(30))
        .until(() -> served(ns, "keeper") == 0);
    var deleted = kubectl.run(null, "delete", "skafka", "keeper", "-n", ns, "--timeout=60s");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
  }

  /**
   * Without the admission policy (not installed, or a topic created a moment before the delete),
   * the finalizer refuses: the cluster stays, stays managed, says why once, and is looked at on a
   * timer, not in a loop.
   */
  @Test
  void withoutThePolicyTheFinalizerRefusesQuietlyAndTheClusterStaysManaged() throws Exception {
    String tenant = env.newNamespace("tenant");
    String ns = clusterWithTopic("finalizer", "held", tenant, "audit", "Delete");
    var binding =
        client
            .resources(ValidatingAdmissionPolicyBinding.class)
            .withName("serverlesskafka-deletion-guard")
            .get();
    try {
      client.resource(binding).delete();
      await("deletion accepted without the policy")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  kubectl
                          .run(
                              null,
                              "delete",
                              "skafka",
                              "held",
                              "-n",
                              ns,
                              "--cascade=foreground",
                              "--wait=false")
                          .exitCode()
                      == 0);
    } finally {
      binding.getMetadata().setResourceVersion(null);
      binding.getMetadata().setUid(null);
      binding.getMetadata().setCreationTimestamp(null);
      binding.getMetadata().setManagedFields(null);
      client.resource(binding).serverSideApply();
    }
    await("DeletionBlocked")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "False/DeletionBlocked".equals(env.clusterReadyState(ns, "held")));
    assertThat(
            client
                .resources(ServerlessKafka.class)
                .inNamespace(ns)
                .withName("held")
                .get()
                .getStatus()
                .getConditions())
        .anySatisfy(c -> assertThat(c.getMessage()).contains(tenant + "/audit"));

    // stays managed: a raised minimum still grows the broker pool
    assertThat(
            kubectl
                .apply(
                    """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: held, namespace: %s }
        spec: { brokers: { min: 4, max: 6 } }
        """
                        .formatted(ns))
                .exitCode())
        .isZero();
    await("pool raised while deletion is refused")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(KafkaNodePool.class)
                        .inNamespace(ns)
                        .withName("held-brokers")
                        .get()
                        .getSpec()
                        .getReplicas()
                    == 4);

    // quiet: over 30 s, with the topic's status changing every half second (as usage metering
    // does), the
    // blocked cluster is looked at a few times, and warned about once
    Thread.sleep(2_000);
    double before = env.clusterReconciliations(ns, "held");
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int writes = 0;
    while (System.nanoTime() < until) {
      client
          .resources(io.serverlesskafka.api.v1alpha1.ServerlessTopic.class)
          .inNamespace(tenant)
          .withName("audit")
          .subresource("status")
          .patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              "{\"status\":{\"usage\":{\"recordsIn\":" + (++writes) + "}}}");
      Thread.sleep(500);
    }
    double reconciles = env.clusterReconciliations(ns, "held") - before;
    System.out.printf(
        "blocked cluster: %.0f reconciles in 30 s while its topic's status changed %d times%n",
        reconciles, writes);
    assertThat(reconciles).as("reconciles of a blocked cluster in 30 s").isLessThanOrEqualTo(6);
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> "DeletionBlocked".equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    assertStrimziObjectsIntact(ns, "held");

    assertThat(
            kubectl
                .run(null, "delete", "stopic", "audit", "-n", tenant, "--timeout=60s")
                .exitCode())
        .isZero();
    await("cluster deleted once its last topic is gone")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .resources(ServerlessKafka.class)
                          .inNamespace(ns)
                          .withName("held")
                          .get())
                  .isNull();
              assertThat(strimziObjects(ns, "held")).containsOnlyNulls();
            });
  }
}
