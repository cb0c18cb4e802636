package io.serverlesskafka.benchmarks.rebalance;

import io.serverlesskafka.autoscaler.rebalance.BrokerSpec;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PartitionSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.placement.ClusterDescriber;
import org.apache.kafka.metadata.placement.PlacementSpec;
import org.apache.kafka.metadata.placement.StripedReplicaPlacer;
import org.apache.kafka.metadata.placement.TopicAssignment;
import org.apache.kafka.metadata.placement.UsableBroker;

/**
 * Kafka's own placement, as {@code kafka-reassign-partitions --generate} computes it in Kafka 4.1:
 * every topic is laid out afresh over the given brokers by the KRaft controller's {@link
 * StripedReplicaPlacer} (KAFKA-18798 replaced {@code AdminUtils.assignReplicasToBrokers}, which
 * Kafka 4.1 no longer ships). It looks at replica counts and racks only, never at load or at where
 * data already is.
 */
final class KafkaPlacement {
  private KafkaPlacement() {}

  /**
   * Places every topic of {@code model} over the brokers not in {@code excluded}; also used to
   * create snapshots.
   */
  static ClusterModel place(ClusterModel model, Set<Integer> excluded, long seed) {
    List<UsableBroker> usable = new ArrayList<>();
    for (BrokerSpec b : model.brokers()) {
      if (!excluded.contains(b.id())) {
        usable.add(new UsableBroker(b.id(), Optional.ofNullable(b.rack()), false));
      }
    }
    ClusterDescriber cluster =
        new ClusterDescriber() {
          @Override
          public Iterator<UsableBroker> usableBrokers() {
            return usable.iterator();
          }

          @Override
          public Uuid defaultDir(int brokerId) {
            return Uuid.ZERO_UUID;
          }
        };
    StripedReplicaPlacer placer = new StripedReplicaPlacer(new Random(seed));
    Map<String, List<Integer>> indexesByTopic = new LinkedHashMap<>();
    for (int i = 0; i < model.partitions().size(); i++) {
      indexesByTopic
          .computeIfAbsent(model.partitions().get(i).topic(), t -> new ArrayList<>())
          .add(i);
    }
    List<List<Integer>> assignments = new ArrayList<>();
    model.partitions().forEach(p -> assignments.add(p.replicas()));
    for (List<Integer> indexes : indexesByTopic.values()) {
      PartitionSpec first = model.partitions().get(indexes.get(0));
      TopicAssignment placed =
          placer.place(
              new PlacementSpec(0, indexes.size(), (short) first.replicationFactor()), cluster);
      for (int i : indexes) {
        int partition = model.partitions().get(i).partition();
        assignments.set(i, placed.assignments().get(partition).replicas());
      }
    }
    return model.withAssignments(assignments);
  }
}
