package io.serverlesskafka.devcluster.rebalance;

import io.serverlesskafka.devcluster.Edits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.RebalanceStatus;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicSpec;
import io.serverlesskafka.devcluster.LocalCluster;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator moves partitions by itself onto a new broker, and once more on request, on the local cluster. */
class RebalanceTriggersIT {
  static LocalCluster cluster;
  static KubernetesClient client;
  static final String NS = LocalCluster.DEFAULT_CLUSTER_NAMESPACE;
  static final String NAME = LocalCluster.DEFAULT_CLUSTER_NAME;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LocalCluster(Files.createTempDirectory("rebalance-triggers"), 0, s -> {}).start(3, Duration.ofMinutes(4));
    client = cluster.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-r").endMetadata().build()).create();
    ServerlessTopic topic = new ServerlessTopic();
    topic.getMetadata().setName("events");
    topic.getMetadata().setNamespace("team-r");
    ServerlessTopicSpec spec = new ServerlessTopicSpec();
    spec.setPartitions(12);
    spec.setReplicationFactor(2);
    topic.setSpec(spec);
    client.resource(topic).create();
    // This test scales the pool by hand; with autoscaling on, the pool's size would belong to the autoscaler.
    Edits.edit(client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME), k -> {
      io.serverlesskafka.api.v1alpha1.AutoscalingSettings autoscaling = new io.serverlesskafka.api.v1alpha1.AutoscalingSettings();
      autoscaling.setMode(io.serverlesskafka.api.v1alpha1.AutoscalingMode.Disabled);
      k.getSpec().setAutoscaling(autoscaling);
      return k;
    });
    await("topic ready").atMost(Duration.ofMinutes(2)).until(() -> {
      ServerlessTopic t = client.resources(ServerlessTopic.class).inNamespace("team-r").withName("events").get();
      return t.getStatus() != null && t.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    });
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static RebalanceStatus rebalance() {
    ServerlessKafka k = client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME).get();
    return k.getStatus() == null ? null : k.getStatus().getRebalance();
  }

  @Test
  void newBrokerIsFilledAfterScaleUpAndARequestedRebalanceRunsOnce() throws Exception {
    client.resources(KafkaNodePool.class).inNamespace(NS).withName(NAME + "-brokers").scale(4);
    await("the operator fills broker 4").atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
      RebalanceStatus r = rebalance();
      assertThat(r).isNotNull();
      assertThat(r.getReason()).isEqualTo("FillNewBrokers");
      assertThat(r.getPhase()).isEqualTo("Completed");
    });
    var kafka = cluster.strimzi().cluster(NS, NAME).orElseThrow().admin();
    assertThat(kafka.partitionsOnBroker(4)).as("broker 4 holds replicas").hasSizeGreaterThanOrEqualTo(4);
    assertThat(rebalance().getMovesDone()).isEqualTo(rebalance().getMovesTotal());
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RebalanceFinished"));
    String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://localhost:" + cluster.metricsPort() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("serverless_kafka_rebalance_moves{cluster=\"shared\",namespace=\"kafka\",state=\"done\"} "
        + rebalance().getMovesDone() + ".0");
    assertThat(metrics).contains("serverless_kafka_rebalance_bytes_moved_total{cluster=\"shared\",namespace=\"kafka\"}");

    Edits.edit(client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME), k -> {
          k.getMetadata().getAnnotations().put("serverlesskafka.io/rebalance", "true");
          return k;
        });
    await("requested rebalance done and the request consumed").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
      assertThat(rebalance().getReason()).isEqualTo("Requested");
      assertThat(rebalance().getPhase()).isEqualTo("Completed");
      assertThat(client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME).get().getMetadata().getAnnotations())
          .doesNotContainKey("serverlesskafka.io/rebalance");
    });
  }
}
