package io.serverlesskafka.devcluster.strimzi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.serverlesskafka.api.v1alpha1.AutoscalingMode;
import io.serverlesskafka.api.v1alpha1.AutoscalingSettings;
import io.serverlesskafka.api.v1alpha1.RebalancingSettings;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.devcluster.Edits;
import io.serverlesskafka.devcluster.LocalCluster;
import io.serverlesskafka.devcluster.kafka.KafkaAdminOperations;
import io.serverlesskafka.devcluster.kafka.LocalKafkaCluster;
import io.serverlesskafka.operator.rebalance.KafkaPartitionMover;
import io.serverlesskafka.operator.rebalance.KafkaTopicThrottleMarks;
import io.serverlesskafka.operator.reconcile.ResourceApplier;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.StrimziAclOperation;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
    cluster =
        new LocalCluster(Files.createTempDirectory("strimzi-it"), 0, s -> {})
            .start(3, Duration.ofMinutes(4));
    client = cluster.client();
    // These tests play the operator's part by hand (scaling the pool, moving replicas); the
    // operator's own
    // autoscaler and rebalancer would otherwise undo it, e.g. by filling broker 4 again after the
    // test emptied it.
    Edits.edit(
        client
            .resources(ServerlessKafka.class)
            .inNamespace(NS)
            .withName(LocalCluster.DEFAULT_CLUSTER_NAME),
        k -> {
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
    await("broker 4 started and reported")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> assertThat(pool().getStatus().getNodeIds()).containsExactly(1, 2, 3, 4));
    assertThat(kafka().admin().brokerIds()).containsExactlyInAnyOrder(1, 2, 3, 4);

    client
        .resource(
            new KafkaTopicBuilder()
                .withNewMetadata()
                .withName("on-four")
                .withNamespace(NS)
                .addToLabels("strimzi.io/cluster", LocalCluster.DEFAULT_CLUSTER_NAME)
                .endMetadata()
                .withNewSpec()
                .withPartitions(4)
                .withReplicas(3)
                .endSpec()
                .build())
        .create();
    await("topic created")
        .atMost(Duration.ofSeconds(60))
        .until(() -> kafka().admin().describeTopic("on-four").isPresent());
    Map<TopicPartition, List<Integer>> onFour = kafka().admin().partitionsOnBroker(4);
    assertThat(onFour)
        .as("with 4 partitions x 3 replicas on 4 brokers, broker 4 holds some")
        .isNotEmpty();

    client.resources(KafkaNodePool.class).inNamespace(NS).withName(POOL).scale(3);
    await("scale-down refused with Strimzi's warning")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Kafka k =
                  client
                      .resources(Kafka.class)
                      .inNamespace(NS)
                      .withName(LocalCluster.DEFAULT_CLUSTER_NAME)
                      .get();
              assertThat(k.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Warning");
                        assertThat(c.getReason()).isEqualTo("ScaleDownPreventionCheck");
                      });
            });
    assertThat(pool().getStatus().getReplicas()).isEqualTo(4);
    assertThat(kafka().admin().brokerIds()).contains(4);

    // Move every replica off broker 4, as the operator's drain does; then Strimzi's rule lets it
    // go.
    Map<TopicPartition, List<Integer>> targets =
        onFour.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(1, 2, 3)));
    kafka().admin().reassignPartitions(targets);
    await("broker 4 removed")
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(() -> assertThat(pool().getStatus().getNodeIds()).containsExactly(1, 2, 3));
    assertThat(kafka().admin().brokerIds()).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void aBurstOfTopicsIsRealizedInBatchesAndOneBadTopicFailsAlone() {
    List<String> names = IntStream.range(0, 50).mapToObj(i -> "burst-" + i).toList();
    // Applied at once, with one the brokers cannot have (more replicas than brokers) amid them:
    // the others of its batch are created all the same.
    for (String name : names) {
      client.resource(topic(name, 2, 1, Map.of("retention.ms", 3_600_000))).create();
      if (name.equals("burst-25")) {
        client.resource(topic("burst-bad", 1, 7, Map.of())).create();
      }
    }
    await("all 50 Ready, the bad one NotReady")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Map<String, KafkaTopic> byName =
                  client.resources(KafkaTopic.class).inNamespace(NS).list().getItems().stream()
                      .collect(Collectors.toMap(t -> t.getMetadata().getName(), t -> t));
              for (String name : names) {
                KafkaTopic t = byName.get(name);
                assertThat(t.getStatus()).as(name).isNotNull();
                assertThat(t.getStatus().getConditions())
                    .as(name)
                    .anySatisfy(
                        c -> {
                          assertThat(c.getType()).isEqualTo("Ready");
                          assertThat(c.getStatus()).isEqualTo("True");
                        });
                assertThat(t.getStatus().getTopicId()).as(name).isNotBlank();
              }
              KafkaTopic bad = byName.get("burst-bad");
              assertThat(bad.getStatus()).isNotNull();
              assertThat(bad.getStatus().getConditions())
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Ready");
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getReason()).isEqualTo("InvalidReplicationFactorException");
                      });
            });
    Set<String> inKafka = kafka().admin().listTopics();
    assertThat(inKafka).containsAll(names).doesNotContain("burst-bad");
    for (String name : names) {
      assertThat(kafka().admin().describeTopic(name).orElseThrow().partitions()).hasSize(2);
    }
    assertThat(kafka().admin().topicConfig("burst-7")).containsEntry("retention.ms", "3600000");

    for (String name : names) {
      client.resources(KafkaTopic.class).inNamespace(NS).withName(name).delete();
    }
    client.resources(KafkaTopic.class).inNamespace(NS).withName("burst-bad").delete();
    await("all deleted from Kafka and Kubernetes")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              assertThat(kafka().admin().listTopics()).doesNotContainAnyElementsOf(names);
              assertThat(
                      client.resources(KafkaTopic.class).inNamespace(NS).list().getItems().stream()
                          .map(t -> t.getMetadata().getName())
                          .filter(n -> n.startsWith("burst-")))
                  .isEmpty();
            });
  }

  @Test
  void aBurstOfUsersIsRealizedInOneBatchWithCredentialsAclsAndQuotas() {
    List<String> names = IntStream.range(0, 20).mapToObj(i -> "burst-user-" + i).toList();
    for (String name : names) {
      client
          .resource(
              new KafkaUserBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(NS)
                  .addToLabels("strimzi.io/cluster", LocalCluster.DEFAULT_CLUSTER_NAME)
                  .endMetadata()
                  .withNewSpec()
                  .withAuthentication(new KafkaUserScramSha512ClientAuthentication())
                  .withNewKafkaUserAuthorizationSimple()
                  .withAcls(
                      new AclRuleBuilder()
                          .withResource(
                              new AclRuleTopicResourceBuilder()
                                  .withName("t-" + name)
                                  .withPatternType(AclResourcePatternType.LITERAL)
                                  .build())
                          .withOperations(StrimziAclOperation.READ, StrimziAclOperation.WRITE)
                          .build())
                  .endKafkaUserAuthorizationSimple()
                  .withNewQuotas()
                  .withProducerByteRate(1_048_576)
                  .endQuotas()
                  .endSpec()
                  .build())
          .create();
    }
    await("all 20 Ready with their Secret")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              for (String name : names) {
                KafkaUser u =
                    client.resources(KafkaUser.class).inNamespace(NS).withName(name).get();
                assertThat(u.getStatus()).as(name).isNotNull();
                assertThat(u.getStatus().getConditions())
                    .as(name)
                    .anySatisfy(
                        c -> {
                          assertThat(c.getType()).isEqualTo("Ready");
                          assertThat(c.getStatus()).isEqualTo("True");
                        });
                assertThat(client.secrets().inNamespace(NS).withName(name).get())
                    .as(name)
                    .isNotNull();
              }
            });
    assertThat(kafka().admin().scramUsers()).containsAll(names);
    for (String name : names) {
      assertThat(kafka().admin().acls(name))
          .extracting(b -> b.pattern().name() + ":" + b.entry().operation())
          .containsExactlyInAnyOrder("t-" + name + ":READ", "t-" + name + ":WRITE");
      assertThat(kafka().admin().quotas(name))
          .containsEntry(KafkaAdminOperations.PRODUCER_BYTE_RATE, 1_048_576.0);
    }
    // The password kept in the Secret is the one Kafka knows: a changed spec (one ACL less, no
    // quota) is realized for that user only, with the same Secret.
    String password =
        client.secrets().inNamespace(NS).withName("burst-user-4").get().getData().get("password");
    Edits.edit(
        client.resources(KafkaUser.class).inNamespace(NS).withName("burst-user-4"),
        u -> {
          ((KafkaUserAuthorizationSimple) u.getSpec().getAuthorization())
              .getAcls()
              .get(0)
              .setOperations(List.of(StrimziAclOperation.READ));
          u.getSpec().setQuotas(null);
          return u;
        });
    await("ACL and quota of burst-user-4 changed")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(kafka().admin().acls("burst-user-4"))
                  .extracting(b -> b.entry().operation().toString())
                  .containsExactly("READ");
              assertThat(kafka().admin().quotas("burst-user-4")).isEmpty();
            });
    assertThat(
            client
                .secrets()
                .inNamespace(NS)
                .withName("burst-user-4")
                .get()
                .getData()
                .get("password"))
        .isEqualTo(password);
    assertThat(kafka().admin().acls("burst-user-5")).hasSize(2);

    for (String name : names) {
      client.resources(KafkaUser.class).inNamespace(NS).withName(name).delete();
    }
    await("ACLs, quotas and Secrets gone")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              for (String name : names) {
                assertThat(kafka().admin().acls(name)).as(name).isEmpty();
                assertThat(client.secrets().inNamespace(NS).withName(name).get()).as(name).isNull();
              }
              assertThat(kafka().admin().quotas("burst-user-0")).isEmpty();
            });
  }

  private static KafkaTopic topic(
      String name, int partitions, int replicas, Map<String, Object> config) {
    return new KafkaTopicBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .addToLabels("strimzi.io/cluster", LocalCluster.DEFAULT_CLUSTER_NAME)
        .endMetadata()
        .withNewSpec()
        .withPartitions(partitions)
        .withReplicas(replicas)
        .withConfig(config)
        .endSpec()
        .build();
  }

  @Test
  void topicPartitionsNeverDecrease() {
    client
        .resource(
            new KafkaTopicBuilder()
                .withNewMetadata()
                .withName("fixed")
                .withNamespace(NS)
                .addToLabels("strimzi.io/cluster", LocalCluster.DEFAULT_CLUSTER_NAME)
                .endMetadata()
                .withNewSpec()
                .withPartitions(3)
                .withReplicas(1)
                .endSpec()
                .build())
        .create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> kafka().admin().describeTopic("fixed").isPresent());
    Edits.edit(
        client.resources(KafkaTopic.class).inNamespace(NS).withName("fixed"),
        t -> {
          t.getSpec().setPartitions(2);
          return t;
        });
    await("Ready=False NotSupported")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              KafkaTopic t =
                  client.resources(KafkaTopic.class).inNamespace(NS).withName("fixed").get();
              // the topic can exist in Kafka a moment before the stand-in writes its first status
              assertThat(t.getStatus()).as("status written").isNotNull();
              assertThat(t.getStatus().getObservedGeneration())
                  .isEqualTo(t.getMetadata().getGeneration());
              assertThat(t.getStatus().getConditions())
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getMessage()).contains("Decreasing partitions");
                      });
            });
    assertThat(kafka().admin().describeTopic("fixed").orElseThrow().partitions()).hasSize(3);
  }

  @Test
  void throttleMarksOnlyInKafkaAreResetLikeStrimziDoesButMarksDeclaredInTheKafkaTopicLast() {
    client
        .resource(
            new KafkaTopicBuilder()
                .withNewMetadata()
                .withName("throttled")
                .withNamespace(NS)
                .addToLabels("strimzi.io/cluster", LocalCluster.DEFAULT_CLUSTER_NAME)
                .endMetadata()
                .withNewSpec()
                .withPartitions(2)
                .withReplicas(2)
                .withConfig(Map.of("retention.ms", "3600000"))
                .endSpec()
                .build())
        .create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> kafka().admin().describeTopic("throttled").isPresent());
    // the stand-in's first reconcile of the topic (its first status) resets configs too: let it
    // pass first
    await("first status of the KafkaTopic")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              KafkaTopic t =
                  client.resources(KafkaTopic.class).inNamespace(NS).withName("throttled").get();
              return t.getStatus() != null
                  && t.getMetadata().getGeneration().equals(t.getStatus().getObservedGeneration());
            });
    Set<Integer> brokers = kafka().admin().brokerIds();

    // Through the Admin API alone (as the executor did): the topic operator's next reconcile
    // deletes the marks.
    // a pass of the stand-in already under way (a batch, a status event) may reset the marks right
    // away, as Strimzi's would: set them again until they are seen
    await("throttle marks written")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              new KafkaPartitionMover(kafka().admin().admin())
                  .throttle(brokers, Set.of("throttled"), 1 << 20);
              return "*".equals(kafka().admin().topicConfig("throttled").get(LEADER_MARK));
            });
    changeRetention("7200000");
    await("reset like Strimzi's topic operator")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(kafka().admin().topicConfig("throttled"))
                    .containsEntry("retention.ms", "7200000")
                    .doesNotContainKeys(LEADER_MARK, FOLLOWER_MARK));

    // Declared in the KafkaTopic too: they survive the topic operator, and the operator's own apply
    // of the spec.
    KafkaPartitionMover mover =
        new KafkaPartitionMover(
            kafka().admin().admin(),
            new KafkaTopicThrottleMarks(client, NS, LocalCluster.DEFAULT_CLUSTER_NAME));
    mover.throttle(brokers, Set.of("throttled"), 1 << 20);
    client
        .resource(
            new KafkaTopicBuilder()
                .withNewMetadata()
                .withName("throttled")
                .withNamespace(NS)
                .addToLabels("strimzi.io/cluster", LocalCluster.DEFAULT_CLUSTER_NAME)
                .endMetadata()
                .withNewSpec()
                .withPartitions(2)
                .withReplicas(2)
                .withConfig(Map.of("retention.ms", "10800000"))
                .endSpec()
                .build())
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(ResourceApplier.FIELD_MANAGER)
                .withForce(true)
                .build());
    await("reconciled")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(kafka().admin().topicConfig("throttled"))
                    .containsEntry("retention.ms", "10800000"));
    assertThat(kafka().admin().topicConfig("throttled"))
        .containsEntry(LEADER_MARK, "*")
        .containsEntry(FOLLOWER_MARK, "*");
    KafkaTopic marked =
        client.resources(KafkaTopic.class).inNamespace(NS).withName("throttled").get();
    assertThat(marked.getSpec().getConfig())
        .containsEntry(LEADER_MARK, "*")
        .containsEntry("retention.ms", "10800000");
    assertThat(marked.getStatus().getConditions())
        .anySatisfy(
            c -> assertThat(c.getMessage()).contains("may conflict with throttled rebalances"));

    mover.clearThrottle(brokers, Set.of("throttled"));
    KafkaTopic cleared =
        client.resources(KafkaTopic.class).inNamespace(NS).withName("throttled").get();
    assertThat(cleared.getSpec().getConfig()).containsOnlyKeys("retention.ms");
    await("marks gone from Kafka")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(kafka().admin().topicConfig("throttled"))
                    .doesNotContainKeys(LEADER_MARK, FOLLOWER_MARK));
  }

  @Test
  void aScaleDownStrimziRefusedIsDrainedAgainByTheAutoscaler() throws Exception {
    client.resources(KafkaNodePool.class).inNamespace(NS).withName(POOL).scale(4);
    await("broker 4 started")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> assertThat(pool().getStatus().getNodeIds()).containsExactly(1, 2, 3, 4));
    // A partition on broker 4, as when a topic is created between a drain and the removal.
    kafka()
        .admin()
        .admin()
        .createTopics(
            List.of(
                new org.apache.kafka.clients.admin.NewTopic("pinned", Map.of(0, List.of(4, 1)))))
        .all()
        .get();
    client.resources(KafkaNodePool.class).inNamespace(NS).withName(POOL).scale(3);
    await("refused")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .resources(Kafka.class)
                            .inNamespace(NS)
                            .withName(LocalCluster.DEFAULT_CLUSTER_NAME)
                            .get()
                            .getStatus()
                            .getConditions())
                    .anySatisfy(
                        c -> assertThat(c.getReason()).isEqualTo("ScaleDownPreventionCheck")));

    setAutoscaling(AutoscalingMode.Auto);
    try {
      await("drained again and removed")
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () -> assertThat(pool().getStatus().getNodeIds()).containsExactly(1, 2, 3));
      ServerlessKafka skafka =
          client
              .resources(ServerlessKafka.class)
              .inNamespace(NS)
              .withName(LocalCluster.DEFAULT_CLUSTER_NAME)
              .get();
      assertThat(skafka.getStatus().getAutoscaling().getReason()).isEqualTo("SCALE_DOWN_REFUSED");
      assertThat(skafka.getStatus().getAutoscaling().getMessage())
          .contains("Strimzi refused to remove brokers [4]", "attempt 1 of 2");
      assertThat(client.v1().events().inNamespace(NS).list().getItems())
          .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ScaleDownRefused"));
      assertThat(
              kafka().admin().describeTopic("pinned").orElseThrow().partitions().get(0).replicas())
          .extracting(n -> n.id())
          .doesNotContain(4);
    } finally {
      setAutoscaling(AutoscalingMode.Disabled);
    }
  }

  private static void setAutoscaling(AutoscalingMode mode) {
    Edits.edit(
        client
            .resources(ServerlessKafka.class)
            .inNamespace(NS)
            .withName(LocalCluster.DEFAULT_CLUSTER_NAME),
        k -> {
          k.getSpec().getAutoscaling().setMode(mode);
          return k;
        });
  }

  private static final String LEADER_MARK = "leader.replication.throttled.replicas";
  private static final String FOLLOWER_MARK = "follower.replication.throttled.replicas";

  private static void changeRetention(String ms) {
    Edits.edit(
        client.resources(KafkaTopic.class).inNamespace(NS).withName("throttled"),
        t -> {
          t.getSpec().getConfig().put("retention.ms", ms);
          return t;
        });
  }
}
