package io.serverlesskafka.autoscaler.rebalance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a placement against the hard rules, independently of how the planner works: used by the
 * tests, the benchmark (which checks Kafka's placement with it too) and anyone who wants to check a
 * plan file.
 */
public final class PlanVerifier {
  private PlanVerifier() {}

  /** Every broken hard rule, one message per problem; empty when the placement is valid. */
  public static List<String> violations(
      ClusterModel before, ClusterModel after, PlannerSettings settings) {
    List<String> problems = new ArrayList<>();
    if (before.partitions().size() != after.partitions().size()) {
      problems.add(
          "partition count changed from "
              + before.partitions().size()
              + " to "
              + after.partitions().size());
      return problems;
    }
    Set<Integer> brokers = before.brokerIds();
    for (int i = 0; i < before.partitions().size(); i++) {
      PartitionSpec old = before.partitions().get(i);
      PartitionSpec now = after.partitions().get(i);
      String name = old.name();
      if (old.replicationFactor() != now.replicationFactor()) {
        problems.add(
            name
                + ": replication factor changed from "
                + old.replicationFactor()
                + " to "
                + now.replicationFactor());
      }
      if (new HashSet<>(now.replicas()).size() != now.replicationFactor()) {
        problems.add(name + ": a broker holds two replicas " + now.replicas());
      }
      for (int b : now.replicas()) {
        if (!brokers.contains(b)) {
          problems.add(name + ": broker " + b + " does not exist");
        }
        if (settings.removeBrokers().contains(b)) {
          problems.add(name + ": broker " + b + " is being removed but still holds a replica");
        }
      }
    }
    int violations = rackViolations(after, settings);
    if (violations > 0) {
      problems.add(violations + " partitions are spread over fewer than min(RF, racks) racks");
    }
    return problems;
  }

  /**
   * Partitions spread over fewer than min(replication factor, racks of remaining brokers) racks.
   */
  public static int rackViolations(ClusterModel model, PlannerSettings settings) {
    Map<Integer, String> rackOf = new HashMap<>();
    Set<String> racks = new HashSet<>();
    for (BrokerSpec b : model.brokers()) {
      // A broker without a rack counts as a rack of its own, as in the planner.
      String rack = b.hasRack() ? "rack:" + b.rack() : "broker:" + b.id();
      rackOf.put(b.id(), rack);
      if (!settings.removeBrokers().contains(b.id())) {
        racks.add(rack);
      }
    }
    int violations = 0;
    for (PartitionSpec p : model.partitions()) {
      Set<String> spread = new HashSet<>();
      p.replicas().forEach(b -> spread.add(rackOf.get(b)));
      if (spread.size() < Math.min(p.replicationFactor(), racks.size())) {
        violations++;
      }
    }
    return violations;
  }

  /**
   * Brokers whose load exceeds their capacity in a resource whose cluster total fits the remaining
   * brokers.
   */
  public static List<String> capacityViolations(ClusterModel model, PlannerSettings settings) {
    List<String> problems = new ArrayList<>();
    List<BrokerLoad> loads = BrokerLoad.of(model);
    Map<Integer, BrokerSpec> specs = model.brokersById();
    for (int r = 0; r < BalancedResource.WITH_CAPACITY; r++) {
      BalancedResource resource = BalancedResource.values()[r];
      double total = 0;
      double capacity = 0;
      for (BrokerLoad l : loads) {
        total += l.get(resource);
        if (!settings.removeBrokers().contains(l.brokerId())) {
          capacity += specs.get(l.brokerId()).capacity().of(resource);
        }
      }
      if (total > capacity) {
        continue;
      }
      for (BrokerLoad l : loads) {
        long cap = specs.get(l.brokerId()).capacity().of(resource);
        if (l.get(resource) > cap) {
          problems.add(
              "broker "
                  + l.brokerId()
                  + ": "
                  + resource.label()
                  + " "
                  + l.get(resource)
                  + " above capacity "
                  + cap);
        }
      }
    }
    return problems;
  }
}
