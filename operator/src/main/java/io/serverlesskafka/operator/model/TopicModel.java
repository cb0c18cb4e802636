package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.CleanupPolicy;
import io.serverlesskafka.api.v1alpha1.Retention;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicSpec;
import io.serverlesskafka.api.v1alpha1.Throughput;
import io.serverlesskafka.operator.tenancy.Ownership;
import io.serverlesskafka.operator.tenancy.TopicOwner;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.StrimziAclOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the Strimzi KafkaTopic and KafkaUser of a ServerlessTopic on a given cluster. Pure: it
 * takes the topic, the cluster's settings and facts observed elsewhere (broker count, current
 * partitions).
 */
public final class TopicModel {
  /** Producer throughput one partition is sized for; more expected ingress gets more partitions. */
  public static final double INGRESS_MIBPS_PER_PARTITION = 5.0;

  /** Consumer throughput one partition is sized for. */
  public static final double EGRESS_MIBPS_PER_PARTITION = 10.0;

  /**
   * Kafka measures a client's rate over quota.window.num samples (11 by default) but fills only N-1
   * of them with traffic at any time, so a client that pushes steadily gets through at about
   * N/(N-1) of its quota: measured on Kafka 4.1.1 with a 1 MiB/s limit, a producer reached 1.105
   * MiB/s. The operator asks Kafka for (N-1)/N of the limit so that what the tenant gets is the
   * limit (see docs/user-guide/quotas.md).
   */
  public static final double QUOTA_WINDOW_CORRECTION = 10.0 / 11.0;

  private final ServerlessTopic topic;
  private final TopicNames names;
  private final String clusterName;
  private final String clusterNamespace;
  private final ClusterSettings settings;
  private final TopicOwner owner;

  public TopicModel(
      ServerlessTopic topic,
      String clusterNamespace,
      String clusterName,
      ClusterSettings settings) {
    this(topic, clusterNamespace, clusterName, settings, null);
  }

  /**
   * @param namespaceUid UID of the topic's namespace, recorded on the KafkaTopic and KafkaUser (see
   *     {@link Ownership})
   */
  public TopicModel(
      ServerlessTopic topic,
      String clusterNamespace,
      String clusterName,
      ClusterSettings settings,
      String namespaceUid) {
    this.topic = topic;
    this.names = TopicNames.of(topic);
    this.clusterName = clusterName;
    this.clusterNamespace = clusterNamespace;
    this.settings = settings;
    this.owner = TopicOwner.of(topic, namespaceUid);
  }

  public TopicNames names() {
    return names;
  }

  private ServerlessTopicSpec spec() {
    return topic.getSpec() == null ? new ServerlessTopicSpec() : topic.getSpec();
  }

  /**
   * Partitions asked for, or derived from the expected throughput. Never fewer than the topic
   * already has: Kafka cannot remove partitions, so a smaller derived number keeps the current
   * count.
   */
  public int partitions(Integer currentPartitions) {
    int wanted = spec().getPartitions() != null ? spec().getPartitions() : derivedPartitions();
    return currentPartitions == null ? wanted : Math.max(wanted, currentPartitions);
  }

  /** True when the manifest explicitly asks for fewer partitions than the topic has. */
  public boolean asksToDecreasePartitions(Integer currentPartitions) {
    return currentPartitions != null
        && spec().getPartitions() != null
        && spec().getPartitions() < currentPartitions;
  }

  int derivedPartitions() {
    Throughput t = spec().getThroughput();
    double ingress = t == null || t.getIngressMiBps() == null ? 0 : t.getIngressMiBps();
    double egress = t == null || t.getEgressMiBps() == null ? 0 : t.getEgressMiBps();
    int byIngress = (int) Math.ceil(ingress / INGRESS_MIBPS_PER_PARTITION);
    int byEgress = (int) Math.ceil(egress / EGRESS_MIBPS_PER_PARTITION);
    return Math.min(10_000, Math.max(settings.defaultPartitions(), Math.max(byIngress, byEgress)));
  }

  /**
   * The replication factor asked for (or the cluster default), never above the smallest broker
   * pool.
   */
  public int replicationFactor() {
    return Math.min(requestedReplicationFactor(), settings.minBrokers());
  }

  /** The replication factor the manifest asks for, or the cluster's default. */
  public int requestedReplicationFactor() {
    return spec().getReplicationFactor() != null
        ? spec().getReplicationFactor()
        : settings.defaultReplicationFactor();
  }

  /**
   * The replication factor to write, given the topic's current one: never lower. Strimzi without
   * Cruise Control refuses to change the replication factor but applies the config in the same
   * change, so writing a lower one would only lower min.insync.replicas (durability) while the
   * replicas stay; {@link ReplicationCheck} reports it.
   */
  public int replicationFactor(Integer currentReplicas) {
    return currentReplicas == null
        ? replicationFactor()
        : Math.max(replicationFactor(), currentReplicas);
  }

  public Map<String, Object> topicConfig() {
    return topicConfig(replicationFactor());
  }

  /** Topic configs for a topic with {@code replicas} replicas: min.insync.replicas follows them. */
  public Map<String, Object> topicConfig(int replicas) {
    Map<String, Object> config = new LinkedHashMap<>();
    Retention retention = spec().getRetention();
    String time =
        retention != null && retention.getTime() != null
            ? retention.getTime()
            : settings.defaultRetentionTime();
    String bytes =
        retention != null && retention.getBytes() != null
            ? retention.getBytes()
            : settings.defaultRetentionBytes();
    config.put("retention.ms", Quantities.retentionMillis(time));
    if (bytes != null) {
      config.put("retention.bytes", Quantities.retentionBytes(bytes));
    }
    CleanupPolicy cleanup =
        spec().getCleanupPolicy() != null ? spec().getCleanupPolicy() : CleanupPolicy.DELETE;
    config.put("cleanup.policy", cleanup.kafkaValue());
    config.put("min.insync.replicas", minInsyncReplicas(replicas));
    return config;
  }

  /** One less than the replicas (one broker may be down), at least 1 and at most 2. */
  public static int minInsyncReplicas(int replicas) {
    return Math.max(1, Math.min(2, replicas - 1));
  }

  public KafkaTopic kafkaTopic(Integer currentPartitions) {
    return kafkaTopic(currentPartitions, null);
  }

  /**
   * @param currentReplicas the replication factor of the existing KafkaTopic, null when there is
   *     none
   */
  public KafkaTopic kafkaTopic(Integer currentPartitions, Integer currentReplicas) {
    int replicas = replicationFactor(currentReplicas);
    return new KafkaTopicBuilder()
        .withMetadata(metadata(names.kafkaTopic()))
        .withNewSpec()
        .withPartitions(partitions(currentPartitions))
        .withReplicas(replicas)
        .withConfig(topicConfig(replicas))
        .endSpec()
        .build();
  }

  /**
   * The topic's user: SCRAM-SHA-512, allowed to read, write and describe exactly its topic and to
   * use consumer groups under its prefix. Quotas are per broker in Kafka, so the cluster-wide limit
   * (the manifest's throughput times the cluster's burst factor) is divided by the brokers that
   * serve the topic: those leading its partitions, see {@link QuotaBrokers}.
   */
  public KafkaUser kafkaUser(int brokers) {
    return kafkaUser(brokers, false);
  }

  /**
   * @param legacyGroups also grant the group prefix of earlier versions ({@link
   *     TopicNames#legacyGroupPrefix()}), for a topic whose KafkaUser had it, so that its existing
   *     consumer groups keep working
   */
  public KafkaUser kafkaUser(int brokers, boolean legacyGroups) {
    var spec =
        new KafkaUserBuilder()
            .withMetadata(metadata(names.kafkaUser()))
            .withNewSpec()
            .withAuthentication(new KafkaUserScramSha512ClientAuthentication())
            .withNewKafkaUserAuthorizationSimple()
            .withAcls(acls(legacyGroups))
            .endKafkaUserAuthorizationSimple();
    Throughput t = spec().getThroughput();
    if (t != null && (t.getIngressMiBps() != null || t.getEgressMiBps() != null)) {
      var quotas = new io.strimzi.api.kafka.model.user.KafkaUserQuotasBuilder();
      if (t.getIngressMiBps() != null) {
        quotas.withProducerByteRate(
            perBrokerRate(t.getIngressMiBps() * settings.quotaBurstFactor(), brokers));
      }
      if (t.getEgressMiBps() != null) {
        quotas.withConsumerByteRate(
            perBrokerRate(t.getEgressMiBps() * settings.quotaBurstFactor(), brokers));
      }
      spec.withQuotas(quotas.build());
    }
    return spec.endSpec().build();
  }

  /** Whether the topic's user gets quotas: when the manifest declares a throughput. */
  public boolean hasQuotas() {
    Throughput t = spec().getThroughput();
    return t != null && (t.getIngressMiBps() != null || t.getEgressMiBps() != null);
  }

  static int perBrokerRate(double clusterMiBps, int brokers) {
    long bytes = Quantities.mibPerSecondToBytes(clusterMiBps);
    // Kafka treats a zero quota as "blocked"; a declared 0 still lets a trickle through.
    long perBroker =
        Math.max(1024, (long) Math.ceil(bytes * QUOTA_WINDOW_CORRECTION / Math.max(1, brokers)));
    return (int) Math.min(Integer.MAX_VALUE, perBroker);
  }

  private List<AclRule> acls(boolean legacyGroups) {
    var topicResource =
        new AclRuleTopicResourceBuilder()
            .withName(names.kafkaTopic())
            .withPatternType(AclResourcePatternType.LITERAL)
            .build();
    List<AclRule> rules = new ArrayList<>();
    rules.add(
        new AclRuleBuilder()
            .withResource(topicResource)
            .withOperations(
                StrimziAclOperation.READ,
                StrimziAclOperation.WRITE,
                StrimziAclOperation.DESCRIBE,
                StrimziAclOperation.DESCRIBECONFIGS)
            .build());
    rules.add(groupRule(names.groupPrefix()));
    if (legacyGroups) {
      rules.add(groupRule(names.legacyGroupPrefix()));
    }
    return rules;
  }

  private static AclRule groupRule(String prefix) {
    return new AclRuleBuilder()
        .withResource(
            new AclRuleGroupResourceBuilder()
                .withName(prefix)
                .withPatternType(AclResourcePatternType.PREFIX)
                .build())
        .withOperations(StrimziAclOperation.READ, StrimziAclOperation.DESCRIBE)
        .build();
  }

  /**
   * Whether a KafkaUser grants the group prefix of earlier versions (see {@link #kafkaUser(int,
   * boolean)}).
   */
  public boolean grantsLegacyGroups(KafkaUser user) {
    if (user == null
        || !(user.getSpec() != null
            && user.getSpec().getAuthorization()
                instanceof io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple simple)
        || simple.getAcls() == null) {
      return false;
    }
    return simple.getAcls().stream()
        .anyMatch(
            r ->
                r.getResource()
                        instanceof io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource g
                    && names.legacyGroupPrefix().equals(g.getName()));
  }

  private ObjectMeta metadata(String objectName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ApiGroup.LABEL_MANAGED_BY, ApiGroup.MANAGED_BY_VALUE);
    labels.put(StrimziNames.LABEL_CLUSTER, clusterName);
    labels.put(ApiGroup.LABEL_CLUSTER, clusterName);
    labels.put(ApiGroup.LABEL_TOPIC_NAMESPACE, names.namespace());
    // Label values are limited to 63 characters; the namespace label and the object name identify
    // the owner.
    if (names.name().length() <= 63) {
      labels.put(ApiGroup.LABEL_TOPIC_NAME, names.name());
    }
    return new ObjectMetaBuilder()
        .withName(objectName)
        .withNamespace(clusterNamespace)
        .withLabels(labels)
        .withAnnotations(owner.annotations())
        .build();
  }
}
