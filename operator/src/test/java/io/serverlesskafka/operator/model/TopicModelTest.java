package io.serverlesskafka.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.BrokerSettings;
import io.serverlesskafka.api.v1alpha1.CleanupPolicy;
import io.serverlesskafka.api.v1alpha1.Retention;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaSpec;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.Throughput;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.StrimziAclOperation;
import org.junit.jupiter.api.Test;

class TopicModelTest {
  private static ServerlessTopic topic() {
    ServerlessTopic t = new ServerlessTopic();
    t.setMetadata(
        new ObjectMetaBuilder().withName("orders").withNamespace("team-a").withUid("u1").build());
    return t;
  }

  private static TopicModel model(ServerlessTopic t, int minBrokers) {
    ServerlessKafkaSpec spec = new ServerlessKafkaSpec();
    BrokerSettings brokers = new BrokerSettings();
    brokers.setMin(minBrokers);
    spec.setBrokers(brokers);
    return new TopicModel(t, "kafka", "shared", ClusterSettings.of(spec));
  }

  @Test
  void derivesPartitionsFromThroughputWithTheDefaultAsFloor() {
    ServerlessTopic t = topic();
    assertThat(model(t, 3).partitions(null)).isEqualTo(3);
    t.getSpec().setThroughput(new Throughput(42.0, 10.0));
    assertThat(model(t, 3).partitions(null)).isEqualTo(9);
    t.getSpec().setThroughput(new Throughput(1.0, 120.0));
    assertThat(model(t, 3).partitions(null)).isEqualTo(12);
  }

  @Test
  void neverLowersPartitionsBelowWhatTheTopicHas() {
    ServerlessTopic t = topic();
    assertThat(model(t, 3).partitions(10)).isEqualTo(10);
    t.getSpec().setPartitions(4);
    assertThat(model(t, 3).asksToDecreasePartitions(10)).isTrue();
    assertThat(model(t, 3).asksToDecreasePartitions(4)).isFalse();
    assertThat(model(t, 3).asksToDecreasePartitions(null)).isFalse();
  }

  @Test
  void capsReplicationFactorAtTheSmallestPool() {
    ServerlessTopic t = topic();
    t.getSpec().setReplicationFactor(5);
    assertThat(model(t, 3).replicationFactor()).isEqualTo(3);
    assertThat(model(t, 1).replicationFactor()).isEqualTo(1);
    assertThat(model(t, 1).topicConfig()).containsEntry("min.insync.replicas", 1);
  }

  @Test
  void translatesRetentionAndCleanupPolicy() {
    ServerlessTopic t = topic();
    t.getSpec().setRetention(new Retention("36h", "10Gi"));
    t.getSpec().setCleanupPolicy(CleanupPolicy.COMPACT_DELETE);
    assertThat(model(t, 3).topicConfig())
        .containsEntry("retention.ms", 36L * 3600 * 1000)
        .containsEntry("retention.bytes", 10L << 30)
        .containsEntry("cleanup.policy", "compact,delete");
    t.getSpec().setRetention(new Retention("-1", null));
    assertThat(model(t, 3).topicConfig())
        .containsEntry("retention.ms", -1L)
        .doesNotContainKey("retention.bytes");
  }

  @Test
  void userMayUseExactlyItsTopicAndPrefixedGroups() {
    var user = model(topic(), 3).kafkaUser(3);
    var acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    assertThat(acls).hasSize(2);
    AclRuleTopicResource topicResource = (AclRuleTopicResource) acls.get(0).getResource();
    assertThat(topicResource.getName()).isEqualTo("team-a.orders");
    assertThat(topicResource.getPatternType().toValue()).isEqualTo("literal");
    assertThat(acls.get(0).getOperations())
        .contains(
            StrimziAclOperation.READ, StrimziAclOperation.WRITE, StrimziAclOperation.DESCRIBE);
    AclRuleGroupResource group = (AclRuleGroupResource) acls.get(1).getResource();
    assertThat(group.getName()).isEqualTo("team-a.orders_");
    assertThat(group.getPatternType().toValue()).isEqualTo("prefix");
    assertThat(user.getSpec().getQuotas()).as("no throughput declared, no quota").isNull();
  }

  @Test
  void dividesClusterWideQuotaByBrokers() {
    ServerlessTopic t = topic();
    t.getSpec().setThroughput(new Throughput(6.0, 0.0));
    assertThat(model(t, 3).kafkaUser(3).getSpec().getQuotas().getProducerByteRate())
        .isEqualTo((int) Math.ceil(2 * 1048576 * TopicModel.QUOTA_WINDOW_CORRECTION));
    assertThat(model(t, 3).kafkaUser(6).getSpec().getQuotas().getProducerByteRate())
        .isEqualTo((int) Math.ceil(1048576 * TopicModel.QUOTA_WINDOW_CORRECTION));
    // a declared 0 must not become Kafka's "blocked"
    assertThat(model(t, 3).kafkaUser(6).getSpec().getQuotas().getConsumerByteRate())
        .isEqualTo(1024);
  }

  @Test
  void kafkaTopicGoesToTheClusterNamespaceWithOwnerLabels() {
    var kt = model(topic(), 3).kafkaTopic(null);
    assertThat(kt.getMetadata().getNamespace()).isEqualTo("kafka");
    assertThat(kt.getMetadata().getName()).isEqualTo("team-a.orders");
    assertThat(kt.getMetadata().getLabels())
        .containsEntry("strimzi.io/cluster", "shared")
        .containsEntry("serverlesskafka.io/topic-namespace", "team-a")
        .containsEntry("serverlesskafka.io/topic-name", "orders");
  }

  @Test
  void kafkaObjectsRecordTheOwnerAndItsNamespaceInstance() {
    ServerlessKafkaSpec spec = new ServerlessKafkaSpec();
    var model = new TopicModel(topic(), "kafka", "shared", ClusterSettings.of(spec), "ns-uid-1");
    assertThat(model.kafkaTopic(null).getMetadata().getAnnotations())
        .containsEntry("serverlesskafka.io/owner", "ServerlessTopic/team-a/orders")
        .containsEntry("serverlesskafka.io/owner-uid", "u1")
        .containsEntry("serverlesskafka.io/namespace-uid", "ns-uid-1");
    assertThat(model.kafkaUser(3).getMetadata().getAnnotations())
        .containsEntry("serverlesskafka.io/owner-uid", "u1");
  }

  @Test
  void legacyGroupPrefixIsGrantedOnlyWhenAsked() {
    var model = model(topic(), 3);
    var plain = model.kafkaUser(3);
    assertThat(model.grantsLegacyGroups(plain)).isFalse();
    var legacy = model.kafkaUser(3, true);
    assertThat(model.grantsLegacyGroups(legacy)).isTrue();
    var acls =
        ((io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple)
                legacy.getSpec().getAuthorization())
            .getAcls();
    assertThat(acls)
        .extracting(a -> a.getResource() instanceof AclRuleGroupResource g ? g.getName() : null)
        .contains("team-a.orders_", "team-a.orders.");
  }

  @Test
  void aLowerReplicationFactorIsNotWrittenOverAnExistingTopic() {
    ServerlessTopic t = topic();
    t.getSpec().setReplicationFactor(2);
    var kt = model(t, 3).kafkaTopic(6, 3);
    assertThat(kt.getSpec().getReplicas()).isEqualTo(3);
    assertThat(kt.getSpec().getConfig()).containsEntry("min.insync.replicas", 2);
    // brokers.min lowered from 3 to 2: the existing topic keeps RF 3 and min.insync.replicas 2
    var lowered = model(topic(), 2).kafkaTopic(6, 3);
    assertThat(lowered.getSpec().getReplicas()).isEqualTo(3);
    assertThat(lowered.getSpec().getConfig()).containsEntry("min.insync.replicas", 2);
  }
}
