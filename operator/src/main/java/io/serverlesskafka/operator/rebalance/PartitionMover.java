package io.serverlesskafka.operator.rebalance;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the executor needs from Kafka to move replicas: the Admin API's reassignment, throttle and
 * leader election calls. {@link KafkaPartitionMover} is the real one; tests use an in-memory one.
 */
public interface PartitionMover {
  /** The replica lists Kafka has now for these partitions (Admin.describeTopics). */
  Map<PartitionId, List<Integer>> replicas(Set<PartitionId> partitions);

  /**
   * Starts moving each partition to its target replica list (Admin.alterPartitionReassignments).
   */
  void startMoves(Map<PartitionId, List<Integer>> targets);

  /** Partitions whose reassignment is still running (Admin.listPartitionReassignments). */
  Set<PartitionId> inProgress();

  /** Cancels the reassignments of these partitions; they keep their original replicas. */
  void cancel(Set<PartitionId> partitions);

  /** Limits replication traffic of the moving partitions to this rate on the given brokers. */
  void throttle(Set<Integer> brokers, Set<String> topics, long bytesPerSecond);

  /** Removes the throttles set by {@link #throttle}. */
  void clearThrottle(Set<Integer> brokers, Set<String> topics);

  /** Makes the first replica of each partition its leader again. */
  void electPreferredLeaders(Set<PartitionId> partitions);
}
