package io.serverlesskafka.autoscaler.rebalance;

import java.util.List;
import java.util.Objects;

/**
 * One partition with its replica list and measured load.
 *
 * @param replicas broker ids; the first one is the preferred leader, which the model takes as the
 *     leader
 */
public record PartitionSpec(
    String topic,
    int partition,
    List<Integer> replicas,
    long ingressBytesPerSec,
    long egressBytesPerSec,
    long sizeBytes) {

  public PartitionSpec {
    Objects.requireNonNull(topic, "topic");
    replicas = List.copyOf(replicas);
  }

  public int leader() {
    return replicas.get(0);
  }

  public int replicationFactor() {
    return replicas.size();
  }

  /**
   * Egress the leader carries: consumer reads plus one copy of the produced bytes for every
   * follower that fetches from it (the load model of docs/rebalancer.md).
   */
  public long leaderEgressBytesPerSec() {
    return egressBytesPerSec + (long) (replicationFactor() - 1) * ingressBytesPerSec;
  }

  public String name() {
    return topic + "-" + partition;
  }

  public PartitionSpec withReplicas(List<Integer> newReplicas) {
    return new PartitionSpec(
        topic, partition, newReplicas, ingressBytesPerSec, egressBytesPerSec, sizeBytes);
  }
}
