package io.serverlesskafka.devcluster.strimzi;

import io.serverlesskafka.api.v1alpha1.AutoscalingMode;
import io.serverlesskafka.api.v1alpha1.AutoscalingSettings;
import io.serverlesskafka.api.v1alpha1.RebalancingSettings;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.devcluster.Edits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.devcluster.LocalCluster;
import io.serverlesskafka.devcluster.kafka.LocalKafkaCluster;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stand-in keeps Strimzi's rules for node pools and topics, on real brokers. */
class LocalStrimziIT {
  static LocalCluster cluster;
  static KubernetesClient client;
  static final String NS = LocalCluster.DEFAULT_CLUSTER_NAMESPACE;
  static final String POOL = LocalCluster.DEFAULT_CLUSTER_NAME + "-brokers";

  @BeforeAll
  static void start() throws Exception {
    cluster = new LocalCluster(Files.createTempDirectory("strimzi-it"), 0, s -> {}).start(3, Duration.ofMinutes(4));
    client = cluster.client();
    // These tests play the operator's part by hand (scaling the pool, moving replicas); the operator's own
    // autoscaler and rebalancer would otherwise undo it, e.g. by filling broker 4 again after the test emptied it.
    Edits.edit(client.resources(ServerlessKafka.class).inNamespace(NS).withName(LocalCluster.DEFAULT_CLUSTER_NAME), k -> {
      AutoscalingSettings autoscaling = new AutoscalingSettings();
      autoscaling.setMode(AutoscalingMode.Disabled);
      k.getSpec().setAutoscaling(autoscaling);
      RebalancingSettings rebalancing = new RebalancingSettings();
      rebalancing.setEnabled(false);
      k.getSpec().setRebalancing(rebalancing);
      return k;
    });
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static KafkaNodePool pool() {
    return client.resources(KafkaNodePool.class).inNamespace(NS).withName(POOL).get();
  }

  private static LocalKafkaCluster kafka() {
    return cluster.strimzi().cluster(NS, LocalCluster.DEFAULT_CLUSTER_NAME).orElseThrow();
  }

  @Test
  void scaleUpTakesTheLowestFreeIdAndScaleDownWaitsUntilTheHighestIsEmpty() {
    client.resources(KafkaNodePool.class).inNamespace(NS).withName(POOL).scale(4);
    await("broker 4 started and reported").atMost(Duration.ofSeconds(90)).untilAsserted(() ->
        assertThat(pool().getStatus().getNodeIds()).containsExactly(1, 2, 3, 4));
    assertThat(kafka().admin().brokerIds()).containsExactlyInAnyOrder(1, 2, 3, 4);

    client.resource(new KafkaTopicBuilder().withNewMetadata().withName("on-four").withNamespace(NS)
        .addToLabels("strimzi.io/cluster", LocalCluster.DEFAULT_CLUSTER_NAME).endMetadata()
        .withNewSpec().withPartitions(4).withReplicas(3).endSpec().build()).create();
    await("topic created").atMost(Duration.ofSeconds(60)).until(() -> kafka().admin().describeTopic("on-four").isPresent());
    Map<TopicPartition, List<Integer>> onFour = kafka().admin().partitionsOnBroker(4);
    assertThat(onFour).as("with 4 partitions x 3 replicas on 4 brokers, broker 4 holds some").isNotEmpty();

    client.resources(KafkaNodePool.class).inNamespace(NS).withName(POOL).scale(3);
    await("scale-down refused with Strimzi's warning").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Kafka k = client.resources(Kafka.class).inNamespace(NS).withName(LocalCluster.DEFAULT_CLUSTER_NAME).get();
      assertThat(k.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Warning");
        assertThat(c.getReason()).isEqualTo("ScaleDownPreventionCheck");
      });
    });
    assertThat(pool().getStatus().getReplicas()).isEqualTo(4);
    assertThat(kafka().admin().brokerIds()).contains(4);

    // Move every replica off broker 4, as the operator's drain does; then Strimzi's rule lets it go.
    Map<TopicPartition, List<Integer>> targets = onFour.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> List.of(1, 2, 3)));
    kafka().admin().reassignPartitions(targets);
    await("broker 4 removed").atMost(Duration.ofSeconds(120)).untilAsserted(() ->
        assertThat(pool().getStatus().getNodeIds()).containsExactly(1, 2, 3));
    assertThat(kafka().admin().brokerIds()).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void topicPartitionsNeverDecrease() {
    client.resource(new KafkaTopicBuilder().withNewMetadata().withName("fixed").withNamespace(NS)
        .addToLabels("strimzi.io/cluster", LocalCluster.DEFAULT_CLUSTER_NAME).endMetadata()
        .withNewSpec().withPartitions(3).withReplicas(1).endSpec().build()).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> kafka().admin().describeTopic("fixed").isPresent());
    Edits.edit(client.resources(KafkaTopic.class).inNamespace(NS).withName("fixed"), t -> {
      t.getSpec().setPartitions(2);
      return t;
    });
    await("Ready=False NotSupported").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      KafkaTopic t = client.resources(KafkaTopic.class).inNamespace(NS).withName("fixed").get();
      // the topic can exist in Kafka a moment before the stand-in writes its first status
      assertThat(t.getStatus()).as("status written").isNotNull();
      assertThat(t.getStatus().getObservedGeneration()).isEqualTo(t.getMetadata().getGeneration());
      assertThat(t.getStatus().getConditions()).singleElement().satisfies(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getMessage()).contains("Decreasing partitions");
      });
    });
    assertThat(kafka().admin().describeTopic("fixed").orElseThrow().partitions()).hasSize(3);
  }
}
