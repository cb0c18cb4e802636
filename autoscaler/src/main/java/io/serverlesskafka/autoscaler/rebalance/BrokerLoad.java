package io.serverlesskafka.autoscaler.rebalance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The load one broker carries under the load model of docs/rebalancer.md. */
public record BrokerLoad(
    int brokerId, long ingress, long egress, long disk, long replicas, long leaders) {

  public long get(BalancedResource resource) {
    return switch (resource) {
      case INGRESS -> ingress;
      case EGRESS -> egress;
      case DISK -> disk;
      case REPLICAS -> replicas;
      case LEADERS -> leaders;
    };
  }

  /** Loads of every broker of the model, in the model's broker order (empty brokers included). */
  public static List<BrokerLoad> of(ClusterModel model) {
    Map<Integer, long[]> sums = new LinkedHashMap<>();
    for (BrokerSpec broker : model.brokers()) {
      sums.put(broker.id(), new long[BalancedResource.values().length]);
    }
    for (PartitionSpec p : model.partitions()) {
      for (int slot = 0; slot < p.replicas().size(); slot++) {
        long[] sum = sums.get(p.replicas().get(slot));
        sum[BalancedResource.INGRESS.ordinal()] += p.ingressBytesPerSec();
        sum[BalancedResource.DISK.ordinal()] += p.sizeBytes();
        sum[BalancedResource.REPLICAS.ordinal()]++;
        if (slot == 0) {
          sum[BalancedResource.EGRESS.ordinal()] += p.leaderEgressBytesPerSec();
          sum[BalancedResource.LEADERS.ordinal()]++;
        }
      }
    }
    List<BrokerLoad> loads = new ArrayList<>(sums.size());
    sums.forEach((id, s) -> loads.add(new BrokerLoad(id, s[0], s[1], s[2], s[3], s[4])));
    return loads;
  }
}
