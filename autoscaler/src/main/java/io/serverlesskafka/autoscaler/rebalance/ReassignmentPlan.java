package io.serverlesskafka.autoscaler.rebalance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The partitions whose replica list changes, written as Kafka's reassignment JSON so that {@code
 * kafka-reassign-partitions --execute} can run it as well as the operator's executor.
 */
public record ReassignmentPlan(List<PartitionReassignment> partitions) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ReassignmentPlan {
    partitions = List.copyOf(partitions);
  }

  /** Lists the partitions whose replica set or order differ, sorted by topic and partition. */
  public static ReassignmentPlan between(ClusterModel before, ClusterModel after) {
    List<PartitionReassignment> changed = new ArrayList<>();
    for (int i = 0; i < before.partitions().size(); i++) {
      PartitionSpec old = before.partitions().get(i);
      PartitionSpec now = after.partitions().get(i);
      if (!old.replicas().equals(now.replicas())) {
        changed.add(
            new PartitionReassignment(
                old.topic(), old.partition(), old.replicas(), now.replicas(), old.sizeBytes()));
      }
    }
    changed.sort(
        Comparator.comparing(PartitionReassignment::topic)
            .thenComparingInt(PartitionReassignment::partition));
    return new ReassignmentPlan(changed);
  }

  public long bytesMoved() {
    return partitions.stream().mapToLong(PartitionReassignment::bytesMoved).sum();
  }

  public int replicaMoves() {
    return partitions.stream().mapToInt(PartitionReassignment::addedReplicas).sum();
  }

  public int leadershipChanges() {
    return (int) partitions.stream().filter(PartitionReassignment::leaderChanges).count();
  }

  public String toKafkaJson() {
    ObjectNode root = JSON.createObjectNode().put("version", 1);
    ArrayNode list = root.putArray("partitions");
    for (PartitionReassignment r : partitions) {
      ArrayNode replicas =
          list.addObject()
              .put("topic", r.topic())
              .put("partition", r.partition())
              .putArray("replicas");
      r.replicas().forEach(replicas::add);
    }
    try {
      return JSON.writeValueAsString(root) + System.lineSeparator();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, toKafkaJson());
  }
}
