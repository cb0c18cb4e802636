package io.serverlesskafka.autoscaler.rebalance;

import java.util.List;

/**
 * One partition whose replica list changes: in its set (data moves) or only in its order
 * (leadership).
 */
public record PartitionReassignment(
    String topic,
    int partition,
    List<Integer> currentReplicas,
    List<Integer> replicas,
    long sizeBytes) {
  public PartitionReassignment {
    currentReplicas = List.copyOf(currentReplicas);
    replicas = List.copyOf(replicas);
  }

  /**
   * Replicas created on brokers that did not hold the partition: each copies the whole partition.
   */
  public int addedReplicas() {
    int added = 0;
    for (int b : replicas) {
      if (!currentReplicas.contains(b)) {
        added++;
      }
    }
    return added;
  }

  public long bytesMoved() {
    return sizeBytes * addedReplicas();
  }

  public boolean leaderChanges() {
    return !currentReplicas.get(0).equals(replicas.get(0));
  }
}
