package io.serverlesskafka.devcluster.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Every Admin-API operation on a Kafka cluster that the local Strimzi stand-in needs: cluster
 * membership, SCRAM users, ACLs, quotas, topics and partition reassignments. Blocking calls with a
 * bounded timeout; Kafka errors are rethrown unwrapped (e.g. {@link TopicExistsException}, {@link
 * org.apache.kafka.common.errors.TopicAuthorizationException}).
 */
public final class KafkaAdminOperations implements AutoCloseable {

  /** SCRAM iterations of user credentials (as Strimzi's User Operator). */
  public static final int SCRAM_ITERATIONS = 4096;

  public static final String PRODUCER_BYTE_RATE = "producer_byte_rate";
  public static final String CONSUMER_BYTE_RATE = "consumer_byte_rate";

  private final Admin admin;
  private final Duration timeout;

  public KafkaAdminOperations(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /** An Admin client from {@code properties} (e.g. {@link LocalKafkaCluster#adminProperties()}). */
  public static KafkaAdminOperations create(Map<String, Object> properties, Duration timeout) {
    return new KafkaAdminOperations(Admin.create(properties), timeout);
  }

  public Admin admin() {
    return admin;
  }

  // -------------------------------------------------------------------------------------------
  // cluster

  /** Ids of the registered, unfenced brokers. */
  public Set<Integer> brokerIds() {
    return brokerIds(timeout);
  }

  /** Ids of the registered, unfenced brokers, waiting at most {@code wait} for the answer. */
  public Set<Integer> brokerIds(Duration wait) {
    DescribeClusterResult result =
        admin.describeCluster(
            new org.apache.kafka.clients.admin.DescribeClusterOptions()
                .timeoutMs((int) wait.toMillis()));
    return get(result.nodes(), wait).stream()
        .map(Node::id)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  public String clusterId() {
    return get(admin.describeCluster().clusterId());
  }

  /** Removes a (stopped) broker's registration from the KRaft metadata. */
  public void unregisterBroker(int brokerId) {
    get(admin.unregisterBroker(brokerId).all());
  }

  /**
   * All partitions, internal topics included, with a replica (or a reassignment target) on the
   * broker.
   */
  public Map<TopicPartition, List<Integer>> partitionsOnBroker(int brokerId) {
    Map<TopicPartition, List<Integer>> result =
        new TreeMap<>(
            java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
    replicaAssignment(true)
        .forEach(
            (tp, replicas) -> {
              if (replicas.contains(brokerId)) {
                result.put(tp, replicas);
              }
            });
    get(admin.listPartitionReassignments().reassignments())
        .forEach(
            (tp, reassignment) -> {
              if (reassignment.addingReplicas().contains(brokerId)
                  || reassignment.replicas().contains(brokerId)) {
                result.put(tp, reassignment.replicas());
              }
            });
    return result;
  }

  /** Replica lists of every partition of every topic. */
  public Map<TopicPartition, List<Integer>> replicaAssignment(boolean includeInternal) {
    Set<String> topics =
        get(admin.listTopics(new ListTopicsOptions().listInternal(includeInternal)).names());
    Map<TopicPartition, List<Integer>> result = new LinkedHashMap<>();
    if (topics.isEmpty()) {
      return result;
    }
    get(admin.describeTopics(topics).allTopicNames())
        .forEach(
            (name, description) -> {
              for (TopicPartitionInfo partition : description.partitions()) {
                result.put(
                    new TopicPartition(name, partition.partition()),
                    partition.replicas().stream().map(Node::id).toList());
              }
            });
    return result;
  }

  /** Starts reassignments of partitions to the given replica lists. */
  public void reassignPartitions(Map<TopicPartition, List<Integer>> targets) {
    Map<TopicPartition, Optional<NewPartitionReassignment>> request = new HashMap<>();
    targets.forEach(
        (tp, replicas) -> request.put(tp, Optional.of(new NewPartitionReassignment(replicas))));
    get(admin.alterPartitionReassignments(request).all());
  }

  public Map<TopicPartition, PartitionReassignment> ongoingReassignments() {
    return get(admin.listPartitionReassignments().reassignments());
  }

  // ---------------------------------------------------------------------------------------------
  // users

  /** Creates the user's SCRAM-SHA-512 credential or changes its password. */
  public void upsertScramUser(String user, String password) {
    get(
        admin
            .alterUserScramCredentials(
                List.of(
                    new UserScramCredentialUpsertion(
                        user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                        password)))
            .all());
  }

  /** Users with a SCRAM credential. */
  public Set<String> scramUsers() {
    Map<String, UserScramCredentialsDescription> users =
        get(admin.describeUserScramCredentials().all());
    return new java.util.TreeSet<>(users.keySet());
  }

  /**
   * Deletes a user the way deleting a Strimzi KafkaUser does: its ACLs and quotas are removed and
   * it can no longer authenticate.
   *
   * <p>Kafka 4.1.1 workaround: the SCRAM credential is <em>revoked</em> (overwritten with a random
   * secret nobody knows) rather than deleted. With a {@code RemoveUserScramCredentialRecord} in the
   * metadata log, a broker that replays the log from the start (every restart, and every newly
   * added broker) can end up with <em>no</em> SCRAM credentials at all, so neither clients nor the
   * inter-broker listener can authenticate any more: 4.1.1's {@code ScramDelta.apply()} drops a
   * mechanism's user map as soon as a removal empties it inside its per-user loop, losing the
   * upserts that follow in the same delta (see {@code KafkaScramDeltaBugTest}). The user therefore
   * stays listed by {@link #scramUsers()}.
   */
  public void deleteUser(String user) {
    if (scramUsers().contains(user)) {
      upsertScramUser(user, unguessableSecret());
    }
    removeAcls(user);
    setQuotas(user, null, null);
  }

  /**
   * Really deletes the user's SCRAM credential. Beware: on Kafka 4.1.1 brokers that replay the
   * metadata log afterwards lose all SCRAM credentials (see {@link #deleteUser}); not used by the
   * local cluster.
   */
  public void deleteScramCredential(String user) {
    try {
      get(
          admin
              .alterUserScramCredentials(
                  List.of(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)))
              .all());
    } catch (ResourceNotFoundException alreadyGone) {
      // nothing to delete
    }
  }

  private static String unguessableSecret() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }

  // ----------------------------------------------------------------------------------------------
  // ACLs

  /**
   * Replaces the user's ACLs by: Read, Write and Describe on the literal topic, Read on groups with
   * the prefix {@code groupPrefix} (no group ACL when it is null).
   */
  public void setAcls(String user, String topic, String groupPrefix) {
    String principal = principal(user);
    List<AclBinding> desired = new ArrayList<>();
    ResourcePattern topicPattern =
        new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
    for (AclOperation operation :
        List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
      desired.add(new AclBinding(topicPattern, allow(principal, operation)));
    }
    if (groupPrefix != null) {
      desired.add(
          new AclBinding(
              new ResourcePattern(ResourceType.GROUP, groupPrefix, PatternType.PREFIXED),
              allow(principal, AclOperation.READ)));
    }
    replaceAcls(user, desired);
  }

  /**
   * Makes the user's ACLs exactly {@code desired}: creates the missing ones, deletes the others.
   */
  public void replaceAcls(String user, Collection<AclBinding> desired) {
    String principal = principal(user);
    for (AclBinding binding : desired) {
      if (!binding.entry().principal().equals(principal)) {
        throw new IllegalArgumentException("ACL " + binding + " is not for " + principal);
      }
    }
    Set<AclBinding> existing = new HashSet<>(acls(user));
    List<AclBinding> toCreate = desired.stream().filter(b -> !existing.contains(b)).toList();
    List<AclBindingFilter> toDelete =
        existing.stream().filter(b -> !desired.contains(b)).map(AclBinding::toFilter).toList();
    if (!toCreate.isEmpty()) {
      get(admin.createAcls(toCreate).all());
    }
    if (!toDelete.isEmpty()) {
      get(admin.deleteAcls(toDelete).all());
    }
  }

  public void removeAcls(String user) {
    get(admin.deleteAcls(List.of(userFilter(user))).all());
  }

  public List<AclBinding> acls(String user) {
    return List.copyOf(get(admin.describeAcls(userFilter(user)).values()));
  }

  // --------------------------------------------------------------------------------------------
  // quotas

  /** Sets the user's byte-rate quotas (bytes/second); a null rate removes that quota. */
  public void setQuotas(String user, Long producerByteRate, Long consumerByteRate) {
    ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, user));
    List<ClientQuotaAlteration.Op> ops =
        List.of(
            new ClientQuotaAlteration.Op(PRODUCER_BYTE_RATE, toDouble(producerByteRate)),
            new ClientQuotaAlteration.Op(CONSUMER_BYTE_RATE, toDouble(consumerByteRate)));
    get(admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity, ops))).all());
  }

  /** The user's quotas, e.g. {@code producer_byte_rate -> 1048576.0}; empty when none. */
  public Map<String, Double> quotas(String user) {
    ClientQuotaFilter filter =
        ClientQuotaFilter.containsOnly(
            List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, user)));
    Map<ClientQuotaEntity, Map<String, Double>> all =
        get(admin.describeClientQuotas(filter).entities());
    return all.values().stream().findFirst().map(Map::copyOf).orElse(Map.of());
  }

  // --------------------------------------------------------------------------------------------
  // topics

  /**
   * Creates a topic; {@code replicationFactor <= 0} uses the brokers' default. Returns false when
   * it exists.
   */
  public boolean createTopic(
      String topic, int partitions, int replicationFactor, Map<String, String> configs) {
    NewTopic newTopic =
        new NewTopic(
                topic,
                Optional.of(partitions),
                replicationFactor > 0 ? Optional.of((short) replicationFactor) : Optional.empty())
            .configs(configs);
    try {
      get(admin.createTopics(List.of(newTopic)).all());
      return true;
    } catch (TopicExistsException exists) {
      return false;
    }
  }

  /**
   * Raises the partition count; refuses to decrease it (Kafka cannot, Strimzi does not). No-op if
   * equal.
   */
  public void increasePartitions(String topic, int totalPartitions) {
    int current =
        describeTopic(topic)
            .orElseThrow(
                () -> new UnknownTopicOrPartitionException("Topic " + topic + " does not exist"))
            .partitions()
            .size();
    if (totalPartitions < current) {
      throw new IllegalArgumentException(
          "Topic "
              + topic
              + " has "
              + current
              + " partitions; partitions cannot be decreased to "
              + totalPartitions);
    }
    if (totalPartitions > current) {
      get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(totalPartitions))).all());
    }
  }

  /** Sets topic configs; a null value deletes the config (back to the broker default). */
  public void alterTopicConfig(String topic, Map<String, String> configs) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    List<AlterConfigOp> ops = new ArrayList<>();
    configs.forEach(
        (key, value) ->
            ops.add(
                value == null
                    ? new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE)
                    : new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
    get(admin.incrementalAlterConfigs(Map.of(resource, ops)).all());
  }

  /** The topic's configs set on the topic itself (not defaults). */
  public Map<String, String> topicConfig(String topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Map<String, String> result = new TreeMap<>();
    get(admin.describeConfigs(List.of(resource)).all()).get(resource).entries().stream()
        .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
        .forEach(e -> result.put(e.name(), e.value()));
    return result;
  }

  /** Deletes a topic; returns false when it did not exist. */
  public boolean deleteTopic(String topic) {
    try {
      get(admin.deleteTopics(List.of(topic)).all());
      return true;
    } catch (UnknownTopicOrPartitionException missing) {
      return false;
    }
  }

  public Optional<TopicDescription> describeTopic(String topic) {
    try {
      return Optional.of(get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic));
    } catch (UnknownTopicOrPartitionException missing) {
      return Optional.empty();
    }
  }

  /** Names of the non-internal topics. */
  public Set<String> listTopics() {
    return new java.util.TreeSet<>(get(admin.listTopics().names()));
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }

  // -------------------------------------------------------------------------------------------
  // helpers

  private static String principal(String user) {
    return "User:" + user;
  }

  private static AccessControlEntry allow(String principal, AclOperation operation) {
    return new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW);
  }

  private static AclBindingFilter userFilter(String user) {
    return new AclBindingFilter(
        ResourcePatternFilter.ANY,
        new AccessControlEntryFilter(
            principal(user), null, AclOperation.ANY, AclPermissionType.ANY));
  }

  private static Double toDouble(Long value) {
    return value == null ? null : value.doubleValue();
  }

  /**
   * Waits for a future within the timeout; Kafka exceptions are rethrown as they are. For the
   * per-item futures of batched Admin calls made on {@link #admin()}.
   */
  public <T> T await(KafkaFuture<T> future) {
    return get(future, timeout);
  }

  /** Waits for a future within the timeout; Kafka exceptions are rethrown as they are. */
  <T> T get(KafkaFuture<T> future) {
    return get(future, timeout);
  }

  private <T> T get(KafkaFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof KafkaException kafkaException) {
        throw kafkaException;
      }
      if (cause instanceof RuntimeException runtimeException) {
        throw runtimeException;
      }
      throw new KafkaException(cause);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new org.apache.kafka.common.errors.TimeoutException(
          "Kafka Admin operation did not complete within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.apache.kafka.common.errors.InterruptException(e);
    }
  }
}
