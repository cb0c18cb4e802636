package io.serverlesskafka.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.serverlesskafka.api.v1alpha1.BrokerSettings;
import io.serverlesskafka.api.v1alpha1.NamespacesFrom;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicSpec;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.model.ClientConnection;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.TopicModel;
import io.serverlesskafka.operator.reconcile.ClusterResolver.TopicNamespace;
import io.serverlesskafka.operator.reconcile.TopicDecision.Action;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.tenancy.Ownership;
import io.serverlesskafka.operator.tenancy.TopicOwner;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserStatusBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of a topic's reconcile, one observation each, no API server. */
class TopicDeciderTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T15:00:00Z"), ZoneOffset.UTC);
  static final String NS_UID = "ns-uid-2";
  final TopicDecider decider = new TopicDecider(CLOCK);

  static ServerlessTopic topic(String name) {
    ServerlessTopic t = new ServerlessTopic();
    t.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName(name)
            .withUid("topic-uid-2")
            .withGeneration(1L)
            .build());
    t.setSpec(new ServerlessTopicSpec());
    return t;
  }

  static ServerlessKafka cluster(NamespacesFrom from, int minBrokers) {
    ServerlessKafka k = ClusterResolverTest.cluster("kafka", "shared", false, from);
    BrokerSettings brokers = new BrokerSettings();
    brokers.setMin(minBrokers);
    k.getSpec().setBrokers(brokers);
    ServerlessKafkaStatus status = new ServerlessKafkaStatus();
    status.setBootstrapServers("shared-kafka-bootstrap.kafka.svc:9092");
    k.setStatus(status);
    return k;
  }

  static ClusterResolver.Resolution resolve(ServerlessTopic t, ServerlessKafka... clusters) {
    String pinned = t.getStatus() == null ? null : t.getStatus().getCluster();
    return ClusterResolver.resolve(
        "kafka/shared", pinned, List.of(clusters), new TopicNamespace("team-a", Map.of()));
  }

  /** The KafkaTopic and KafkaUser the operator wrote for this topic, as Strimzi made them ready. */
  static KafkaTopic ourKafkaTopic(ServerlessTopic t, ServerlessKafka k, int replicas) {
    KafkaTopic kt =
        new TopicModel(t, "kafka", "shared", ClusterSettings.of(k.getSpec()), NS_UID)
            .kafkaTopic(null);
    kt.getSpec().setReplicas(replicas);
    kt.getMetadata().setGeneration(1L);
    kt.setStatus(
        new KafkaTopicStatusBuilder()
            .withObservedGeneration(1L)
            .withConditions(new ConditionBuilder().withType("Ready").withStatus("True").build())
            .build());
    return kt;
  }

  static KafkaUser ourKafkaUser(ServerlessTopic t, ServerlessKafka k, boolean legacyGroups) {
    KafkaUser u =
        new TopicModel(t, "kafka", "shared", ClusterSettings.of(k.getSpec()), NS_UID)
            .kafkaUser(3, legacyGroups);
    u.getMetadata().setGeneration(1L);
    u.setStatus(
        new KafkaUserStatusBuilder()
            .withObservedGeneration(1L)
            .withConditions(new ConditionBuilder().withType("Ready").withStatus("True").build())
            .build());
    return u;
  }

  static TopicObservation observe(
      ServerlessTopic t,
      ServerlessKafka k,
      KafkaTopic kt,
      KafkaUser ku,
      String password,
      Ownership.Kind secret) {
    return observe(t, k, kt, ku, password, secret, plaintext(k));
  }

  static TopicObservation observe(
      ServerlessTopic t,
      ServerlessKafka k,
      KafkaTopic kt,
      KafkaUser ku,
      String password,
      Ownership.Kind secret,
      ClientConnection connection) {
    return new TopicObservation(t, NS_UID, resolve(t, k), kt, ku, password, secret, 3, connection);
  }

  /** What ClusterCaCertificates gives for a plain-text cluster: its address, once it has one. */
  static ClientConnection plaintext(ServerlessKafka k) {
    String bootstrap = k.getStatus() == null ? null : k.getStatus().getBootstrapServers();
    return bootstrap == null ? null : ClientConnection.plaintext(bootstrap);
  }

  static String readyState(TopicDecision d) {
    return d.status().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse(null);
  }

  static String readyMessage(TopicDecision d) {
    return d.status().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(Condition::getMessage)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aTopicFromANamespaceTheClusterDoesNotAcceptGetsClusterNotAllowedAndNothingIsWritten() {
    ServerlessTopic t = topic("orders");
    TopicDecision d =
        decider.decide(observe(t, cluster(NamespacesFrom.Same, 3), null, null, null, null));
    assertThat(readyState(d)).isEqualTo("False/ClusterNotAllowed");
    assertThat(d.writes()).isEmpty();
    assertThat(d.consumerScaling()).isNull();
    assertThat(d.status().getCluster()).as("not placed").isNull();
    assertThat(d.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.reason()).isEqualTo(EventReason.ClusterNotAllowed);
            });
  }

  @Test
  void aNewTopicIsPlacedAndItsObjectsAreCreatedNotOverwritten() {
    ServerlessTopic t = topic("orders");
    TopicDecision d =
        decider.decide(
            observe(t, cluster(NamespacesFrom.All, 3), null, null, null, Ownership.Kind.ABSENT));
    assertThat(d.status().getCluster()).isEqualTo("kafka/shared");
    assertThat(d.writes())
        .extracting(w -> w.action() + " " + w.object().getKind())
        .containsExactly("CREATE KafkaTopic", "CREATE KafkaUser");
    assertThat(readyState(d)).isEqualTo("False/WaitingForStrimzi");
    assertThat(d.writes().get(0).object().getMetadata().getAnnotations())
        .containsEntry("serverlesskafka.io/owner-uid", "topic-uid-2")
        .containsEntry("serverlesskafka.io/namespace-uid", NS_UID);
  }

  @Test
  void aTopicWithItsOwnObjectsAndCredentialsIsReady() {
    ServerlessTopic t = topic("orders");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    TopicDecision d =
        decider.decide(
            observe(
                t,
                k,
                ourKafkaTopic(t, k, 3),
                ourKafkaUser(t, k, false),
                "pw",
                Ownership.Kind.ABSENT));
    assertThat(readyState(d)).isEqualTo("True/Ready");
    assertThat(d.writes())
        .extracting(w -> w.action() + " " + w.object().getKind())
        .containsExactly("APPLY KafkaTopic", "APPLY KafkaUser", "CREATE Secret");
    Secret secret = (Secret) d.writes().get(2).object();
    assertThat(decode(secret, "group.prefix")).isEqualTo("team-a.orders_");
    assertThat(d.consumerScaling().groupPrefix()).isEqualTo("team-a.orders_");
    assertThat(d.events())
        .extracting(TopicDecision.Note::reason)
        .containsExactly(EventReason.Ready);
  }

  @Test
  void aKafkaTopicSomeoneElseMadeIsLeftUntouchedAndReportedAsConflict() {
    ServerlessTopic t = topic("orders");
    KafkaTopic foreign =
        new KafkaTopicBuilder()
            .withNewMetadata()
            .withName("team-a.orders")
            .withNamespace("kafka")
            .endMetadata()
            .withNewSpec()
            .withPartitions(3)
            .endSpec()
            .build();
    TopicDecision d =
        decider.decide(
            observe(t, cluster(NamespacesFrom.All, 3), foreign, null, null, Ownership.Kind.ABSENT));
    assertThat(readyState(d)).isEqualTo("False/Conflict");
    assertThat(d.writes()).isEmpty();
    assertThat(readyMessage(d))
        .contains("KafkaTopic kafka/team-a.orders", "not created by the operator");
    assertThat(d.events())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("KafkaTopic kafka/team-a.orders"));
  }

  @Test
  void aSecretSomeoneElseMadeIsLeftUntouchedAndNothingIsWritten() {
    ServerlessTopic t = topic("orders");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    TopicDecision d =
        decider.decide(
            observe(
                t,
                k,
                ourKafkaTopic(t, k, 3),
                ourKafkaUser(t, k, false),
                "pw",
                Ownership.Kind.FOREIGN));
    assertThat(readyState(d)).isEqualTo("False/Conflict");
    assertThat(d.writes()).isEmpty();
    assertThat(readyMessage(d)).contains("Secret team-a/orders-kafka");
  }

  @Test
  void aTopicRetainedByTheSameNamespaceInstanceIsTakenOver() {
    ServerlessTopic earlier = topic("orders");
    earlier.getMetadata().setUid("topic-uid-1");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    KafkaTopic retained = ourKafkaTopic(earlier, k, 3);
    TopicDecision d =
        decider.decide(observe(topic("orders"), k, retained, null, null, Ownership.Kind.ABSENT));
    assertThat(d.writes())
        .extracting(w -> w.action() + " " + w.object().getKind())
        .containsExactly("APPLY KafkaTopic", "CREATE KafkaUser");
    assertThat(d.writes().get(0).object().getMetadata().getAnnotations())
        .containsEntry("serverlesskafka.io/owner-uid", "topic-uid-2");
    assertThat(d.events()).extracting(TopicDecision.Note::reason).contains(EventReason.Adopted);
  }

  @Test
  void aTopicRetainedByAnEarlierNamespaceOfTheSameNameIsNotHandedToTheNewTeam() {
    ServerlessTopic earlier = topic("orders");
    earlier.getMetadata().setUid("topic-uid-1");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    KafkaTopic retained = ourKafkaTopic(earlier, k, 3);
    retained.getMetadata().getAnnotations().put("serverlesskafka.io/namespace-uid", "ns-uid-1");
    TopicDecision d =
        decider.decide(observe(topic("orders"), k, retained, null, null, Ownership.Kind.ABSENT));
    assertThat(readyState(d)).isEqualTo("False/Conflict");
    assertThat(d.writes()).isEmpty();

    // a platform admin hands it over: taken over once, and the grant is removed
    retained.getMetadata().getAnnotations().put("serverlesskafka.io/adoptable-by", "team-a");
    TopicDecision handed =
        decider.decide(observe(topic("orders"), k, retained, null, null, Ownership.Kind.ABSENT));
    assertThat(handed.writes())
        .extracting(TopicDecision.Write::action)
        .containsExactly(Action.APPLY, Action.RELEASE_ADOPTABLE, Action.CREATE);
  }

  @Test
  void aKafkaUserOfAnotherOwnerIsNeverWrittenNorItsPasswordHandedOut() {
    ServerlessTopic t = topic("orders");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    KafkaUser platformUser = ourKafkaUser(t, k, false);
    platformUser
        .getMetadata()
        .setAnnotations(new TopicOwner("monitoring", "exporter", "x", "y").annotations());
    TopicDecision d =
        decider.decide(observe(t, k, null, platformUser, "their-password", Ownership.Kind.ABSENT));
    assertThat(readyState(d)).isEqualTo("False/Conflict");
    assertThat(d.writes()).isEmpty();
  }

  @Test
  void aClusterBeingDeletedTakesNoNewTopics() {
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    k.getMetadata().setDeletionTimestamp("2026-12-04T14:00:00Z");
    TopicDecision d =
        decider.decide(observe(topic("orders"), k, null, null, null, Ownership.Kind.ABSENT));
    assertThat(readyState(d)).isEqualTo("False/ClusterDeleting");
    assertThat(d.writes()).isEmpty();
  }

  @Test
  void aCappedReplicationFactorIsReported() {
    ServerlessTopic t = topic("orders");
    t.getSpec().setReplicationFactor(5);
    TopicDecision d =
        decider.decide(
            observe(t, cluster(NamespacesFrom.All, 3), null, null, null, Ownership.Kind.ABSENT));
    KafkaTopic written = (KafkaTopic) d.writes().get(0).object();
    assertThat(written.getSpec().getReplicas()).isEqualTo(3);
    assertThat(condition(d, TopicDecider.REPLICATION_CONDITION))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("CappedToBrokers");
              assertThat(c.getMessage()).contains("5 asked for, 3 given");
            });
    assertThat(d.events())
        .extracting(TopicDecision.Note::reason)
        .contains(EventReason.ReplicationReduced);
  }

  @Test
  void aLoweredReplicationFactorKeepsTheReplicasAndMinInsyncAndIsReported() {
    ServerlessTopic t = topic("orders");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    KafkaTopic current = ourKafkaTopic(t, k, 3);
    t.getSpec().setReplicationFactor(2);
    TopicDecision d =
        decider.decide(
            observe(t, k, current, ourKafkaUser(t, k, false), "pw", Ownership.Kind.OURS));
    KafkaTopic written = (KafkaTopic) d.writes().get(0).object();
    assertThat(written.getSpec().getReplicas()).isEqualTo(3);
    assertThat(written.getSpec().getConfig()).containsEntry("min.insync.replicas", 2);
    assertThat(condition(d, TopicDecider.REPLICATION_CONDITION).getReason())
        .isEqualTo("DecreaseNotApplied");
    assertThat(readyState(d)).as("the topic works as before").isEqualTo("True/Ready");
  }

  @Test
  void aTopicWhoseUserHadTheOldGroupPrefixKeepsItUntilItsOwnerDropsIt() {
    ServerlessTopic t = topic("orders");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    TopicDecision d =
        decider.decide(
            observe(
                t, k, ourKafkaTopic(t, k, 3), ourKafkaUser(t, k, true), "pw", Ownership.Kind.OURS));
    KafkaUser user = (KafkaUser) d.writes().get(1).object();
    assertThat(
            new TopicModel(t, "kafka", "shared", ClusterSettings.of(k.getSpec()))
                .grantsLegacyGroups(user))
        .isTrue();
    assertThat(decode((Secret) d.writes().get(2).object(), "group.prefix"))
        .isEqualTo("team-a.orders.");
    assertThat(condition(d, TopicDecider.GROUP_PREFIX_CONDITION).getReason())
        .isEqualTo("LegacyGroupPrefix");

    t.getMetadata()
        .setAnnotations(new HashMap<>(Map.of("serverlesskafka.io/legacy-group-prefix", "drop")));
    TopicDecision dropped =
        decider.decide(
            observe(
                t, k, ourKafkaTopic(t, k, 3), ourKafkaUser(t, k, true), "pw", Ownership.Kind.OURS));
    assertThat(
            new TopicModel(t, "kafka", "shared", ClusterSettings.of(k.getSpec()))
                .grantsLegacyGroups((KafkaUser) dropped.writes().get(1).object()))
        .isFalse();
    assertThat(decode((Secret) dropped.writes().get(2).object(), "group.prefix"))
        .isEqualTo("team-a.orders_");
  }

  @Test
  void aKedaObjectSomeoneElseMadeMakesTheTopicNotReady() {
    ServerlessTopic t = topic("orders");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    TopicDecision d =
        decider.decide(
            observe(
                t,
                k,
                ourKafkaTopic(t, k, 3),
                ourKafkaUser(t, k, false),
                "pw",
                Ownership.Kind.OURS));
    List<Condition> withConflict =
        io.serverlesskafka.operator.status.Conditions.merge(
            d.status().getConditions(),
            io.serverlesskafka.operator.status.Conditions.of(
                ConsumerScalingStep.CONDITION,
                false,
                ConditionReason.Conflict.name(),
                "ScaledObject team-a/orders.worker was not created by the operator for this topic",
                1L,
                CLOCK));
    TopicDecision folded = decider.withConsumerScaling(d, t, withConflict);
    assertThat(readyState(folded)).isEqualTo("False/Conflict");
    assertThat(readyMessage(folded)).contains("ScaledObject team-a/orders.worker");
  }

  @Test
  void aTlsClusterWhoseCaIsNotPublishedYetWritesNoCredentialsAndNamesTheSecret() {
    ServerlessTopic t = topic("orders");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    k.getStatus().setBootstrapServers("shared-kafka-bootstrap.kafka.svc:9093");
    k.getStatus().setSecurityProtocol("SASL_SSL");
    // ClusterCaCertificates has no connection for it until Strimzi publishes shared-cluster-ca-cert
    TopicDecision d =
        decider.decide(
            observe(
                t,
                k,
                ourKafkaTopic(t, k, 3),
                ourKafkaUser(t, k, false),
                "pw",
                Ownership.Kind.ABSENT,
                null));
    assertThat(readyState(d)).isEqualTo("False/WaitingForCredentials");
    assertThat(readyMessage(d)).contains("Secret kafka/shared-cluster-ca-cert");
    assertThat(d.writes()).extracting(w -> w.object().getKind()).doesNotContain("Secret");
    assertThat(d.consumerScaling()).as("KEDA would get no CA either").isNull();
  }

  @Test
  void aTlsClusterWithItsCaGivesTheSecretAndKedaTheCa() {
    ServerlessTopic t = topic("orders");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    k.getStatus().setBootstrapServers("shared-kafka-bootstrap.kafka.svc:9093");
    k.getStatus().setSecurityProtocol("SASL_SSL");
    String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    ClientConnection tls = ClientConnection.tls("shared-kafka-bootstrap.kafka.svc:9093", pem);
    TopicDecision d =
        decider.decide(
            observe(
                t,
                k,
                ourKafkaTopic(t, k, 3),
                ourKafkaUser(t, k, false),
                "pw",
                Ownership.Kind.ABSENT,
                tls));
    assertThat(readyState(d)).isEqualTo("True/Ready");
    Secret secret = (Secret) d.writes().get(2).object();
    assertThat(decode(secret, "security.protocol")).isEqualTo("SASL_SSL");
    assertThat(decode(secret, "ca.crt")).isEqualTo(pem);
    assertThat(decode(secret, "group.prefix")).isEqualTo("team-a.orders_");
    assertThat(d.consumerScaling().connection()).isEqualTo(tls);
    assertThat(d.consumerScaling().groupPrefix()).isEqualTo("team-a.orders_");
  }

  @Test
  void aPlacedTopicIsNotMovedByANewDefaultCluster() {
    ServerlessTopic t = topic("orders");
    t.getSpec().setCluster(null);
    ServerlessTopicStatus status = new ServerlessTopicStatus();
    status.setCluster("kafka/shared");
    t.setStatus(status);
    ServerlessKafka placed = cluster(NamespacesFrom.All, 3);
    ServerlessKafka rogue =
        ClusterResolverTest.cluster("rogue", "shared", true, NamespacesFrom.All);
    var resolution =
        ClusterResolver.resolve(
            null, "kafka/shared", List.of(placed, rogue), new TopicNamespace("team-a", Map.of()));
    TopicDecision d =
        decider.decide(
            new TopicObservation(
                t,
                NS_UID,
                resolution,
                null,
                null,
                null,
                Ownership.Kind.ABSENT,
                3,
                plaintext(placed)));
    assertThat(d.status().getCluster()).isEqualTo("kafka/shared");
    assertThat(d.writes().get(0).object().getMetadata().getNamespace()).isEqualTo("kafka");
  }

  @Test
  void aRetainedTopicOfAnotherClusterInTheSameNamespaceIsNotMovedToThisOne() {
    ServerlessTopic earlier = topic("orders");
    earlier.getMetadata().setUid("topic-uid-1");
    ServerlessKafka k = cluster(NamespacesFrom.All, 3);
    KafkaTopic onOtherCluster = ourKafkaTopic(earlier, k, 3);
    onOtherCluster.getMetadata().getLabels().put("strimzi.io/cluster", "archive");
    TopicDecision d =
        decider.decide(
            observe(topic("orders"), k, onOtherCluster, null, null, Ownership.Kind.ABSENT));
    assertThat(readyState(d)).isEqualTo("False/Conflict");
    assertThat(readyMessage(d)).contains("belongs to cluster kafka/archive");
    assertThat(d.writes()).isEmpty();
  }

  private static Condition condition(TopicDecision d, String type) {
    return d.status().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static String decode(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
