package io.serverlesskafka.operator.kafka;

import io.serverlesskafka.operator.model.ClientConnection;
import io.serverlesskafka.operator.model.ClientSecretModel;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The operator's Admin API connection to one cluster, as its {@code <cluster>-operator-admin} super
 * user. Only the few reads the operator needs: partition leaders (quota division) and the offsets
 * and log sizes usage metering samples. Every call is bounded by {@link #TIMEOUT_MS}.
 */
public final class ClusterAdmin implements AutoCloseable {
  public static final int TIMEOUT_MS = 5_000;
  private final Admin admin;
  private final ClientConnection connection;
  private final String password;
  private final java.util.concurrent.atomic.AtomicInteger leases =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean retired;
  static final java.time.Duration BROKER_CHECK_INTERVAL = java.time.Duration.ofSeconds(10);
  private java.util.Set<Integer> brokersSeen = java.util.Set.of();
  private java.time.Instant lastBrokerCheck;

  ClusterAdmin(ClientConnection connection, String username, String password) {
    this.connection = connection;
    this.password = password;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
    props.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, connection.security().securityProtocol());
    if (connection.security().tls()) {
      props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
      props.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, connection.caCertificates());
    }
    props.put(SaslConfigs.SASL_MECHANISM, ClientSecretModel.SASL_MECHANISM);
    props.put(
        SaslConfigs.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + username
            + "\" password=\""
            + password
            + "\";");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "serverless-kafka-operator");
    this.admin = Admin.create(props);
  }

  /**
   * Same address, protocol, CA and password: a renewed CA or a switch to TLS needs a new client.
   */
  boolean connectsTo(ClientConnection connection, String password) {
    return this.connection.equals(connection) && this.password.equals(password);
  }

  /**
   * True when a broker this client has seen is no longer in the cluster (checked at most every
   * {@link #BROKER_CHECK_INTERVAL}). Such a client must be replaced: Kafka's Admin caches partition
   * leaders for listOffsets and, until KAFKA-20673, sends to a cached leader that has left until
   * the call times out, so every sample after a scale-down would fail.
   */
  boolean lostBrokers(java.time.Instant now) {
    if (lastBrokerCheck != null && now.isBefore(lastBrokerCheck.plus(BROKER_CHECK_INTERVAL))) {
      return false;
    }
    lastBrokerCheck = now;
    java.util.Set<Integer> current =
        get(admin.describeCluster().nodes()).stream()
            .map(org.apache.kafka.common.Node::id)
            .collect(java.util.stream.Collectors.toSet());
    boolean lost = !current.containsAll(brokersSeen);
    brokersSeen = current;
    return lost;
  }

  /** The leader broker of each partition of the topic (null for a partition without a leader). */
  public List<Integer> partitionLeaders(String topic) {
    try {
      TopicDescription d = get(admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
      return d.partitions().stream().map(p -> p.leader() == null ? null : p.leader().id()).toList();
    } catch (KafkaUnavailableException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        return List.of(); // not created yet: the caller falls back to the broker count
      }
      throw e;
    }
  }

  public TopicDescription describe(String topic) {
    return get(admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
  }

  /** Earliest or latest offset of each partition. */
  public Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
        get(admin.listOffsets(request).all());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    result.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  /** Size on disk of each partition's leader replica. */
  public Map<TopicPartition, Long> leaderSizes(TopicDescription topic) {
    Map<Integer, List<TopicPartition>> byLeader = new HashMap<>();
    for (TopicPartitionInfo p : topic.partitions()) {
      if (p.leader() != null) {
        byLeader
            .computeIfAbsent(p.leader().id(), b -> new java.util.ArrayList<>())
            .add(new TopicPartition(topic.name(), p.partition()));
      }
    }
    var dirs = get(admin.describeLogDirs(byLeader.keySet()).allDescriptions());
    Map<TopicPartition, Long> sizes = new HashMap<>();
    byLeader.forEach(
        (broker, partitions) -> {
          var brokerDirs = dirs.getOrDefault(broker, Map.of());
          for (TopicPartition tp : partitions) {
            long size = 0;
            for (var dir : brokerDirs.values()) {
              ReplicaInfo info = dir.replicaInfos().get(tp);
              if (info != null && !info.isFuture()) {
                size = Math.max(size, info.size());
              }
            }
            sizes.put(tp, size);
          }
        });
    return sizes;
  }

  /** Consumer groups whose id starts with the prefix. */
  public List<String> groups(String prefix) {
    Collection<ConsumerGroupListing> all = get(admin.listConsumerGroups().all());
    return all.stream()
        .map(ConsumerGroupListing::groupId)
        .filter(g -> g.startsWith(prefix))
        .sorted()
        .toList();
  }

  /** Committed offsets of a group on one topic. */
  public Map<TopicPartition, Long> committed(String group, String topic) {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    Map<TopicPartition, Long> result = new HashMap<>();
    offsets.forEach(
        (tp, om) -> {
          if (om != null && tp.topic().equals(topic)) {
            result.put(tp, om.offset());
          }
        });
    return result;
  }

  private static <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_MS + 1_000L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted", e);
    } catch (ExecutionException e) {
      throw new KafkaUnavailableException(e.getCause().toString(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException("no answer within " + TIMEOUT_MS + " ms", e);
    }
  }

  /** The Admin client itself, for the rebalance executor's reassignment and throttle calls. */
  public Admin admin() {
    return admin;
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(2));
  }

  /**
   * Keeps the client open for long work in the background (a rebalance plan) even if it is replaced
   * meanwhile; {@link #release()} ends the lease.
   */
  public ClusterAdmin lease() {
    leases.incrementAndGet();
    return this;
  }

  public void release() {
    if (leases.decrementAndGet() <= 0 && retired) {
      close();
    }
  }

  /** Replaced by a new client: closed now, or when the last lease ends. */
  void retire() {
    retired = true;
    if (leases.get() <= 0) {
      close();
    }
  }
}
