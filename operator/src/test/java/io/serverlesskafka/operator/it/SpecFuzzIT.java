package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random ServerlessTopic and ServerlessKafka specs against the real API server and the operator:
 * each is rejected at admission (422/400 naming the field) or reconciled to a Ready condition, the
 * operator's reconciles fail with no exception other than API conflicts, and what existed before is
 * still there. {@value #DEFAULT_TRIES} specs by default (well under a minute); more with {@code
 * -Dspec.fuzz.tries=200}, another set with {@code -Dspec.fuzz.seed}.
 */
class SpecFuzzIT {
  static final int DEFAULT_TRIES = 12;
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<JsonNode> JUNK;

  static {
    JsonNodeFactory f = JsonNodeFactory.instance;
    JUNK =
        List.of(
            f.nullNode(),
            f.textNode(""),
            f.textNode("x"),
            f.numberNode(-1),
            f.numberNode(0),
            f.numberNode(1),
            f.numberNode(new java.math.BigDecimal("1e400")),
            f.numberNode(99_999_999_999L),
            f.numberNode(1.5),
            f.textNode("NaN"),
            f.booleanNode(true),
            f.arrayNode(),
            f.objectNode(),
            f.textNode("-5m"),
            f.textNode("1h"),
            f.textNode("99999999h"),
            f.textNode("a".repeat(300)),
            f.textNode("Delete"),
            f.textNode("Retain"),
            f.textNode("Auto"));
  }

  final TestEnvironment env = TestEnvironment.get();
  final KubernetesClient client = env.client;

  @Test
  void randomSpecsAreRejectedAtAdmissionOrReconciledToACondition() throws Exception {
    String ns = env.newSharedCluster("fuzz");
    String clusterRef = ns + "/shared";
    env.kubectl.apply(
        """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: keep, namespace: %s }
        spec: { cluster: %s, partitions: 3 }
        """
            .formatted(ns, clusterRef));
    await("baseline ready")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True".equals(readyStatus(ns, "ServerlessTopic", "keep")));
    Map<String, Double> errorsBefore = reconcileErrors();

    Random random = new Random(Long.getLong("spec.fuzz.seed", 7));
    int tries = Integer.getInteger("spec.fuzz.tries", DEFAULT_TRIES);
    int rejected = 0;
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < tries; i++) {
      boolean topic = i % 2 == 0;
      String kind = topic ? "ServerlessTopic" : "ServerlessKafka";
      String name = "fuzz-" + i;
      ObjectNode object = topic ? topic(ns, name, clusterRef) : cluster(ns, name);
      for (int change = 1 + random.nextInt(2); change > 0; change--) {
        mangle((ObjectNode) object.get("spec"), random);
      }
      GenericKubernetesResource resource =
          Serialization.unmarshal(JSON.writeValueAsString(object), GenericKubernetesResource.class);
      try {
        client
            .genericKubernetesResources("serverlesskafka.io/v1alpha1", kind)
            .inNamespace(ns)
            .resource(resource)
            .create();
        accepted.add(kind + "/" + name + " " + object.get("spec"));
        await(kind + " " + name + " reconciled: " + object.get("spec"))
            .atMost(Duration.ofSeconds(30))
            .until(() -> readyStatus(ns, kind, name) != null);
      } catch (KubernetesClientException e) {
        assertThat(e.getCode())
            .as("%s %s: %s", kind, object.get("spec"), e.getMessage())
            .isIn(400, 422);
        rejected++;
      }
    }
    System.out.printf(
        "spec fuzz: %d specs, %d rejected at admission, %d reconciled to a condition%n",
        tries, rejected, accepted.size());

    Map<String, Double> errorsAfter = reconcileErrors();
    errorsAfter.forEach(
        (key, value) -> {
          if (!key.contains(
              "KubernetesClientException")) { // an API conflict or timeout is retried, not a bug
            assertThat(value - errorsBefore.getOrDefault(key, 0.0))
                .as("operator reconcile failures %s", key)
                .isZero();
          }
        });
    // Nothing that existed was deleted: the cluster's Strimzi objects and the baseline topic's.
    assertThat(client.resources(Kafka.class).inNamespace(ns).withName("shared").get()).isNotNull();
    assertThat(client.resources(KafkaTopic.class).inNamespace(ns).list().getItems())
        .anySatisfy(t -> assertThat(t.getMetadata().getName()).contains("keep"));
    assertThat(client.resources(KafkaUser.class).inNamespace(ns).list().getItems())
        .anySatisfy(u -> assertThat(u.getMetadata().getName()).contains("keep"));
    assertThat(readyStatus(ns, "ServerlessTopic", "keep")).isEqualTo("True");
  }

  private static ObjectNode topic(String ns, String name, String cluster) throws Exception {
    return (ObjectNode)
        JSON.readTree(
            """
        {"apiVersion": "serverlesskafka.io/v1alpha1", "kind": "ServerlessTopic", "metadata": {"name": "%s", "namespace": "%s"},
         "spec": {"cluster": "%s", "partitions": 3, "replicationFactor": 3,
                  "throughput": {"ingressMiBps": 1.5, "egressMiBps": 3},
                  "retention": {"time": "7d", "bytes": "1Gi"}, "cleanupPolicy": "Delete", "deletionPolicy": "Delete"}}
        """
                .formatted(name, ns, cluster));
  }

  private static ObjectNode cluster(String ns, String name) throws Exception {
    return (ObjectNode)
        JSON.readTree(
            """
        {"apiVersion": "serverlesskafka.io/v1alpha1", "kind": "ServerlessKafka", "metadata": {"name": "%s", "namespace": "%s"},
         "spec": {"brokers": {"min": 3, "max": 6}, "controllers": {"replicas": 3},
                  "autoscaling": {"mode": "RecommendOnly", "targetUtilization": 0.6, "scaleUpStabilization": "1m"},
                  "rebalancing": {"enabled": true, "maxImbalance": 1.1, "imbalanceWindow": "10m"},
                  "topicDefaults": {"partitions": 3, "replicationFactor": 3}, "tenantQuotas": {"burstFactor": 1.5}}}
        """
                .formatted(name, ns));
  }

  /** Sets a random field (existing or one level down) to a random junk value, or removes it. */
  private static void mangle(ObjectNode spec, Random random) {
    ObjectNode target = spec;
    List<String> fields = new ArrayList<>();
    spec.fieldNames().forEachRemaining(fields::add);
    String field = fields.get(random.nextInt(fields.size()));
    if (spec.get(field).isObject() && random.nextBoolean()) {
      target = (ObjectNode) spec.get(field);
      fields.clear();
      target.fieldNames().forEachRemaining(fields::add);
      if (fields.isEmpty()) {
        return;
      }
      field = fields.get(random.nextInt(fields.size()));
    }
    if (random.nextInt(5) == 0) {
      target.remove(field);
    } else {
      target.set(field, JUNK.get(random.nextInt(JUNK.size())));
    }
  }

  private String readyStatus(String ns, String kind, String name) {
    GenericKubernetesResource r =
        client
            .genericKubernetesResources("serverlesskafka.io/v1alpha1", kind)
            .inNamespace(ns)
            .withName(name)
            .get();
    if (r == null
        || !(r.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    for (Object c : conditions) {
      if (c instanceof Map<?, ?> condition && "Ready".equals(condition.get("type"))) {
        return String.valueOf(condition.get("status"));
      }
    }
    return null;
  }

  private Map<String, Double> reconcileErrors() {
    Map<String, Double> result = new HashMap<>();
    env.operator.metrics().registry().scrape().stream()
        .filter(s -> s.getMetadata().getName().equals("serverless_kafka_reconciliation_errors"))
        .forEach(
            s ->
                ((CounterSnapshot) s)
                    .getDataPoints()
                    .forEach(d -> result.put(d.getLabels().toString(), d.getValue())));
    return result;
  }
}
