package io.serverlesskafka.autoscaler.rebalance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brokers, racks, capacities, replica lists and per-partition byte rates and sizes: everything the
 * planner decides from. Immutable; {@link SnapshotReader} checks a file before it becomes one.
 */
public record ClusterModel(List<BrokerSpec> brokers, List<PartitionSpec> partitions) {

  public ClusterModel {
    brokers = List.copyOf(brokers);
    partitions = List.copyOf(partitions);
  }

  public Map<Integer, BrokerSpec> brokersById() {
    Map<Integer, BrokerSpec> byId = new LinkedHashMap<>();
    for (BrokerSpec broker : brokers) {
      byId.put(broker.id(), broker);
    }
    return byId;
  }

  public Set<Integer> brokerIds() {
    Set<Integer> ids = new TreeSet<>();
    for (BrokerSpec broker : brokers) {
      ids.add(broker.id());
    }
    return ids;
  }

  /** The same cluster with the replica lists of {@code assignments}, index by index. */
  public ClusterModel withAssignments(List<List<Integer>> assignments) {
    if (assignments.size() != partitions.size()) {
      throw new IllegalArgumentException(
          "expected " + partitions.size() + " assignments, got " + assignments.size());
    }
    List<PartitionSpec> moved = new ArrayList<>(partitions.size());
    for (int i = 0; i < partitions.size(); i++) {
      moved.add(partitions.get(i).withReplicas(assignments.get(i)));
    }
    return new ClusterModel(brokers, moved);
  }
}
