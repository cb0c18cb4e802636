package io.serverlesskafka.devcluster.kafka;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** A broker cannot be removed while it hosts partition replicas (Strimzi's scale-down rule). */
public final class BrokerHasReplicasException extends IllegalStateException {

  private final int brokerId;
  private final transient Map<TopicPartition, List<Integer>> partitions;

  public BrokerHasReplicasException(int brokerId, Map<TopicPartition, List<Integer>> partitions) {
    super(
        "Broker "
            + brokerId
            + " cannot be removed: it still hosts replicas of "
            + partitions.size()
            + " partition(s) "
            + abbreviate(partitions)
            + "; move them to other brokers first");
    this.brokerId = brokerId;
    this.partitions = Map.copyOf(partitions);
  }

  public int brokerId() {
    return brokerId;
  }

  /** The partitions with a replica on the broker, with their replica lists. */
  public Map<TopicPartition, List<Integer>> partitions() {
    return partitions;
  }

  private static String abbreviate(Map<TopicPartition, List<Integer>> partitions) {
    List<String> names =
        partitions.keySet().stream().map(TopicPartition::toString).limit(10).toList();
    return names + (partitions.size() > 10 ? " and " + (partitions.size() - 10) + " more" : "");
  }
}
