package io.serverlesskafka.devcluster.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.RebalanceStatus;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicSpec;
import io.serverlesskafka.devcluster.Edits;
import io.serverlesskafka.devcluster.LocalCluster;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator moves partitions by itself onto a new broker, once more on request, when imbalance
 * lasts, and again after a restart cut a plan short — on the local cluster.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class RebalanceTriggersIT {
  static LocalCluster cluster;
  static KubernetesClient client;
  static final String NS = LocalCluster.DEFAULT_CLUSTER_NAMESPACE;
  static final String NAME = LocalCluster.DEFAULT_CLUSTER_NAME;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        new LocalCluster(Files.createTempDirectory("rebalance-triggers"), 0, s -> {})
            .start(3, Duration.ofMinutes(4));
    client = cluster.client();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("team-r").endMetadata().build())
        .create();
    ServerlessTopic topic = new ServerlessTopic();
    topic.getMetadata().setName("events");
    topic.getMetadata().setNamespace("team-r");
    ServerlessTopicSpec spec = new ServerlessTopicSpec();
    spec.setPartitions(12);
    spec.setReplicationFactor(2);
    topic.setSpec(spec);
    client.resource(topic).create();
    // This test scales the pool by hand; with autoscaling on, the pool's size would belong to the
    // autoscaler.
    Edits.edit(
        client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME),
        k -> {
          io.serverlesskafka.api.v1alpha1.AutoscalingSettings autoscaling =
              new io.serverlesskafka.api.v1alpha1.AutoscalingSettings();
          autoscaling.setMode(io.serverlesskafka.api.v1alpha1.AutoscalingMode.Disabled);
          k.getSpec().setAutoscaling(autoscaling);
          return k;
        });
    await("topic ready")
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              ServerlessTopic t =
                  client
                      .resources(ServerlessTopic.class)
                      .inNamespace("team-r")
                      .withName("events")
                      .get();
              return t.getStatus() != null
                  && t.getStatus().getConditions().stream()
                      .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static RebalanceStatus rebalance() {
    ServerlessKafka k =
        client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME).get();
    return k.getStatus() == null ? null : k.getStatus().getRebalance();
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void newBrokerIsFilledAfterScaleUpAndARequestedRebalanceRunsOnce() throws Exception {
    client.resources(KafkaNodePool.class).inNamespace(NS).withName(NAME + "-brokers").scale(4);
    await("the operator fills broker 4")
        .atMost(Duration.ofMinutes(3))
        .untilAsserted(
            () -> {
              RebalanceStatus r = rebalance();
              assertThat(r).isNotNull();
              assertThat(r.getReason()).isEqualTo("FillNewBrokers");
              assertThat(r.getPhase()).isEqualTo("Completed");
            });
    var kafka = cluster.strimzi().cluster(NS, NAME).orElseThrow().admin();
    assertThat(kafka.partitionsOnBroker(4))
        .as("broker 4 holds replicas")
        .hasSizeGreaterThanOrEqualTo(4);
    assertThat(rebalance().getMovesDone()).isEqualTo(rebalance().getMovesTotal());
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RebalanceFinished"));
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://localhost:" + cluster.metricsPort() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains(
            "serverless_kafka_rebalance_moves{cluster=\"shared\",namespace=\"kafka\",state=\"done\"} "
                + rebalance().getMovesDone()
                + ".0");
    assertThat(metrics)
        .contains(
            "serverless_kafka_rebalance_bytes_moved_total{cluster=\"shared\",namespace=\"kafka\"}");

    Edits.edit(
        client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME),
        k -> {
          k.getMetadata().getAnnotations().put("serverlesskafka.io/rebalance", "true");
          return k;
        });
    await("requested rebalance done and the request consumed")
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () -> {
              assertThat(rebalance().getReason()).isEqualTo("Requested");
              assertThat(rebalance().getPhase()).isEqualTo("Completed");
              assertThat(
                      client
                          .resources(ServerlessKafka.class)
                          .inNamespace(NS)
                          .withName(NAME)
                          .get()
                          .getMetadata()
                          .getAnnotations())
                  .doesNotContainKey("serverlesskafka.io/rebalance");
            });
  }

  private static void setImbalanceWindow(String window) {
    Edits.edit(
        client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME),
        k -> {
          io.serverlesskafka.api.v1alpha1.RebalancingSettings rebalancing =
              k.getSpec().getRebalancing() == null
                  ? new io.serverlesskafka.api.v1alpha1.RebalancingSettings()
                  : k.getSpec().getRebalancing();
          rebalancing.setImbalanceWindow(window);
          k.getSpec().setRebalancing(rebalancing);
          return k;
        });
  }

  private static java.util.Map<Integer, Long> leadersOf(String topic) throws Exception {
    var admin = cluster.strimzi().cluster(NS, NAME).orElseThrow().admin().admin();
    return admin
        .describeTopics(java.util.List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                p -> p.leader().id(), java.util.stream.Collectors.counting()));
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void anImbalanceThatLastsItsWindowIsRebalancedByItself() throws Exception {
    var kafka = cluster.strimzi().cluster(NS, NAME).orElseThrow().admin();
    var brokers = new java.util.TreeSet<>(kafka.brokerIds());
    int first = brokers.first();
    java.util.List<Integer> others = brokers.stream().filter(b -> b != first).toList();
    // Every partition of the topic led by the first broker, with its follower spread over the
    // others.
    java.util.Map<org.apache.kafka.common.TopicPartition, java.util.List<Integer>> skewed =
        new java.util.HashMap<>();
    for (int p = 0; p < 12; p++) {
      skewed.put(
          new org.apache.kafka.common.TopicPartition("team-r.events", p),
          java.util.List.of(first, others.get(p % others.size())));
    }
    // The operator's own fill check may still be moving replicas after the previous test: skew
    // until it holds.
    await("skewed layout in place, every partition led by broker " + first)
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> {
              if (!kafka.ongoingReassignments().isEmpty()) {
                return false;
              }
              kafka.reassignPartitions(skewed);
              await()
                  .atMost(Duration.ofMinutes(1))
                  .until(() -> kafka.ongoingReassignments().isEmpty());
              kafka
                  .admin()
                  .electLeaders(org.apache.kafka.common.ElectionType.PREFERRED, skewed.keySet())
                  .partitions()
                  .get();
              return Long.valueOf(12L).equals(leadersOf("team-r.events").get(first));
            });

    setImbalanceWindow("30s");
    try {
      await("the operator rebalances the lasting imbalance")
          .atMost(Duration.ofMinutes(3))
          .untilAsserted(
              () -> {
                RebalanceStatus r = rebalance();
                assertThat(r.getReason()).isEqualTo("SustainedImbalance");
                assertThat(r.getPhase()).isEqualTo("Completed");
              });
    } finally {
      setImbalanceWindow("10m");
    }
    java.util.Map<Integer, Long> leaders = leadersOf("team-r.events");
    System.out.println("leaders per broker after the sustained-imbalance rebalance: " + leaders);
    assertThat(leaders.get(first))
        .as("the first broker no longer leads everything")
        .isLessThanOrEqualTo((long) Math.ceil(12.0 / brokers.size()) + 1);
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getMessage()).startsWith("imbalance lasted 30 s"));
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void aRebalanceCutShortByAnOperatorRestartIsResumed() throws Exception {
    var kafka = cluster.strimzi().cluster(NS, NAME).orElseThrow().admin();
    int first = new java.util.TreeSet<>(kafka.brokerIds()).first();
    kafka
        .admin()
        .createTopics(
            java.util.List.of(
                new org.apache.kafka.clients.admin.NewTopic(
                    "bulk",
                    java.util.Map.of(
                        0,
                        java.util.List.of(first),
                        1,
                        java.util.List.of(first),
                        2,
                        java.util.List.of(first),
                        3,
                        java.util.List.of(first)))))
        .all()
        .get();
    java.util.Map<String, Object> props =
        new java.util.HashMap<>(
            cluster.strimzi().cluster(NS, NAME).orElseThrow().adminProperties());
    props.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 20);
    byte[] value = new byte[100_000];
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<>(
            props,
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (int i = 0; i < 400; i++) { // 40 MB on one broker
        producer.send(
            new org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>(
                "bulk", i % 4, null, value));
      }
      producer.flush();
    }
    // A slow throttle, so the plan is still running when the operator restarts.
    Edits.edit(
        client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME),
        k -> {
          if (k.getSpec().getRebalancing() == null) {
            k.getSpec().setRebalancing(new io.serverlesskafka.api.v1alpha1.RebalancingSettings());
          }
          k.getSpec().getRebalancing().setThrottleMiBps(1.0);
          k.getMetadata().getAnnotations().put("serverlesskafka.io/rebalance", "true");
          return k;
        });
    await("the requested plan runs")
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              assertThat(rebalance().getReason()).isEqualTo("Requested");
              assertThat(rebalance().getPhase()).isEqualTo("Running");
            });
    cluster.restartOperator();
    await("the new operator resumes and finishes")
        .atMost(Duration.ofMinutes(3))
        .untilAsserted(
            () -> {
              assertThat(rebalance().getReason()).isEqualTo("ResumedAfterRestart");
              assertThat(rebalance().getPhase()).isEqualTo("Completed");
            });
    assertThat(kafka.ongoingReassignments()).isEmpty();
    for (int broker : kafka.brokerIds()) {
      var resource =
          new org.apache.kafka.common.config.ConfigResource(
              org.apache.kafka.common.config.ConfigResource.Type.BROKER, String.valueOf(broker));
      var rate =
          kafka
              .admin()
              .describeConfigs(java.util.List.of(resource))
              .all()
              .get()
              .get(resource)
              .get("leader.replication.throttled.rate");
      assertThat(
              rate == null
                  || rate.source()
                      != org.apache.kafka.clients.admin.ConfigEntry.ConfigSource
                          .DYNAMIC_BROKER_CONFIG)
          .as("no replication throttle left on broker %d: %s", broker, rate)
          .isTrue();
    }
    assertThat(
            kafka.partitionsOnBroker(first).keySet().stream()
                .filter(tp -> tp.topic().equals("bulk"))
                .count())
        .as("the bulk topic no longer sits on one broker only")
        .isLessThan(4);
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(
            e ->
                assertThat(e.getMessage())
                    .startsWith("resuming: an operator restart interrupted the Requested plan"));
  }
}
