package io.serverlesskafka.operator.rebalance;

/** A partition, named as the planner names it. */
public record PartitionId(String topic, int partition) implements Comparable<PartitionId> {
  @Override
  public int compareTo(PartitionId o) {
    int c = topic.compareTo(o.topic);
    return c != 0 ? c : Integer.compare(partition, o.partition);
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
