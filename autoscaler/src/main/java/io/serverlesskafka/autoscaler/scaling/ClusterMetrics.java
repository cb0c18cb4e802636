package io.serverlesskafka.autoscaler.scaling;

import java.time.Instant;
import java.util.List;

/**
 * One observation of the cluster: the brokers that serve load now, how many brokers were asked for,
 * and whether partitions are being moved.
 *
 * @param time when the sample was taken
 * @param servingBrokers per-broker load of the brokers that serve traffic (ready); new brokers
 *     still receiving data and removed brokers past their drain are not in it
 * @param requestedBrokers the broker count currently asked for ({@code
 *     KafkaNodePool.spec.replicas}); differs from {@code servingBrokers.size()} while a scaling is
 *     settling
 * @param reassignmentInProgress a partition reassignment runs: capacity is in flux and a scaling
 *     now would race with it
 */
public record ClusterMetrics(
    Instant time,
    List<BrokerMetrics> servingBrokers,
    int requestedBrokers,
    boolean reassignmentInProgress) {

  public ClusterMetrics {
    servingBrokers = List.copyOf(servingBrokers);
  }

  public int readyBrokers() {
    return servingBrokers.size();
  }

  public ClusterLoad totalLoad() {
    ClusterLoad total = ClusterLoad.ZERO;
    for (BrokerMetrics broker : servingBrokers) {
      total = total.plus(broker.load());
    }
    return total;
  }

  /**
   * Builds a sample where the cluster's load is spread evenly over {@code readyBrokers} brokers.
   */
  public static ClusterMetrics evenlySpread(
      Instant time,
      ClusterLoad total,
      int readyBrokers,
      int requestedBrokers,
      boolean reassignment) {
    ClusterLoad each = readyBrokers == 0 ? ClusterLoad.ZERO : total.dividedBy(readyBrokers);
    BrokerMetrics[] brokers = new BrokerMetrics[readyBrokers];
    for (int id = 0; id < readyBrokers; id++) {
      brokers[id] = new BrokerMetrics(id, each);
    }
    return new ClusterMetrics(time, List.of(brokers), requestedBrokers, reassignment);
  }
}
