package io.serverlesskafka.operator.rebalance;

import io.serverlesskafka.operator.kafka.KafkaUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;

/** {@link PartitionMover} on Kafka's Admin API, as {@code kafka-reassign-partitions} does it. */
public final class KafkaPartitionMover implements PartitionMover {
  static final String LEADER_RATE = "leader.replication.throttled.rate";
  static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
  static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
  static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";

  private final Admin admin;
  private final ThrottleMarks marks;

  public KafkaPartitionMover(Admin admin) {
    this(admin, ThrottleMarks.NONE);
  }

  /**
   * @param marks where the topic throttle marks are declared too, so that a topic operator keeps
   *     them
   */
  public KafkaPartitionMover(Admin admin, ThrottleMarks marks) {
    this.admin = admin;
    this.marks = marks;
  }

  @Override
  public Map<PartitionId, List<Integer>> replicas(Set<PartitionId> partitions) {
    Set<String> topics = new HashSet<>();
    partitions.forEach(p -> topics.add(p.topic()));
    Map<String, TopicDescription> described =
        KafkaCalls.get(admin.describeTopics(topics).allTopicNames());
    Map<PartitionId, List<Integer>> result = new HashMap<>();
    described.forEach(
        (topic, d) ->
            d.partitions()
                .forEach(
                    p ->
                        result.put(
                            new PartitionId(topic, p.partition()),
                            p.replicas().stream().map(n -> n.id()).toList())));
    result.keySet().retainAll(partitions);
    return result;
  }

  @Override
  public void startMoves(Map<PartitionId, List<Integer>> targets) {
    Map<TopicPartition, Optional<NewPartitionReassignment>> request = new HashMap<>();
    targets.forEach(
        (p, replicas) -> request.put(tp(p), Optional.of(new NewPartitionReassignment(replicas))));
    KafkaCalls.get(admin.alterPartitionReassignments(request).all());
  }

  @Override
  public Set<PartitionId> inProgress() {
    Set<PartitionId> result = new HashSet<>();
    KafkaCalls.get(admin.listPartitionReassignments().reassignments())
        .keySet()
        .forEach(tp -> result.add(new PartitionId(tp.topic(), tp.partition())));
    return result;
  }

  @Override
  public void cancel(Set<PartitionId> partitions) {
    Map<TopicPartition, Optional<NewPartitionReassignment>> request = new HashMap<>();
    partitions.forEach(p -> request.put(tp(p), Optional.empty()));
    KafkaCalls.get(admin.alterPartitionReassignments(request).all());
  }

  @Override
  public void throttle(Set<Integer> brokers, Set<String> topics, long bytesPerSecond) {
    // Declared first: a topic operator reconciling in between would otherwise delete what the Admin
    // API just set.
    marks.mark(topics);
    alter(brokers, topics, AlterConfigOp.OpType.SET, String.valueOf(bytesPerSecond));
  }

  @Override
  public void clearThrottle(Set<Integer> brokers, Set<String> topics) {
    // Taken back first: a topic operator reconciling in between would otherwise set the marks
    // again.
    marks.unmark(topics);
    // A drained broker may be gone already (Strimzi removes it once empty): a call to it would time
    // out and leave
    // the throttles of the others in place.
    Set<Integer> present = new HashSet<>();
    KafkaCalls.get(admin.describeCluster().nodes()).forEach(n -> present.add(n.id()));
    Set<Integer> still = new HashSet<>(brokers);
    still.retainAll(present);
    alter(still, topics, AlterConfigOp.OpType.DELETE, null);
  }

  /**
   * Rates on the brokers, and all replicas of the moving topics marked as throttled: Kafka
   * throttles only replication of the marked replicas, so producers and in-sync followers of other
   * topics are not slowed.
   */
  private void alter(
      Set<Integer> brokers, Set<String> topics, AlterConfigOp.OpType op, String rate) {
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    for (int b : brokers) {
      changes.put(
          new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(b)),
          List.of(
              new AlterConfigOp(new ConfigEntry(LEADER_RATE, rate), op),
              new AlterConfigOp(new ConfigEntry(FOLLOWER_RATE, rate), op)));
    }
    for (String topic : topics) {
      String value = op == AlterConfigOp.OpType.SET ? "*" : null;
      changes.put(
          new ConfigResource(ConfigResource.Type.TOPIC, topic),
          List.of(
              new AlterConfigOp(new ConfigEntry(LEADER_REPLICAS, value), op),
              new AlterConfigOp(new ConfigEntry(FOLLOWER_REPLICAS, value), op)));
    }
    if (!changes.isEmpty()) {
      KafkaCalls.get(admin.incrementalAlterConfigs(changes).all());
    }
  }

  @Override
  public void electPreferredLeaders(Set<PartitionId> partitions) {
    Set<TopicPartition> tps = new HashSet<>();
    partitions.forEach(p -> tps.add(tp(p)));
    Map<TopicPartition, Optional<Throwable>> results =
        KafkaCalls.get(admin.electLeaders(ElectionType.PREFERRED, tps).partitions());
    List<String> failed = new ArrayList<>();
    results.forEach(
        (tp, error) -> {
          // A partition already led by its preferred replica answers "election not needed": that is
          // success.
          if (error.isPresent() && !(error.get() instanceof ElectionNotNeededException)) {
            failed.add(tp + ": " + error.get().getMessage());
          }
        });
    if (!failed.isEmpty()) {
      throw new KafkaUnavailableException("preferred leader election failed for " + failed, null);
    }
  }

  private static TopicPartition tp(PartitionId p) {
    return new TopicPartition(p.topic(), p.partition());
  }
}
