package io.serverlesskafka.operator.scaling;

import io.serverlesskafka.autoscaler.rebalance.BrokerLimits;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PartitionSpec;
import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.ClusterMetrics;
import io.serverlesskafka.autoscaler.scaling.MetricsSource;
import io.serverlesskafka.operator.rebalance.ClusterModelReader;
import io.serverlesskafka.operator.rebalance.ClusterSample;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The autoscaler's default metrics source: no extra infrastructure, only the Kafka Admin API. Two
 * samples of the cluster ({@link ClusterModelReader}) give ingress (log-end offsets) and egress
 * (offsets committed by consumer groups) in bytes per second; disk and replica counts are read as
 * they are. The load is spread evenly over the registered brokers.
 */
public final class AdminMetricsSource implements MetricsSource {
  private final ClusterModelReader reader;
  private final IntSupplier requestedBrokers;
  private final BooleanSupplier reassigning;
  private ClusterSample last;

  /**
   * @param reassigning whether partitions are being moved now ({@link PartitionMoves})
   */
  public AdminMetricsSource(
      Admin admin, Clock clock, IntSupplier requestedBrokers, BooleanSupplier reassigning) {
    this.reader = new ClusterModelReader(admin, clock);
    this.requestedBrokers = requestedBrokers;
    this.reassigning = reassigning;
  }

  @Override
  public synchronized ClusterMetrics collect() {
    // Failures surface as KafkaUnavailableException (KafkaCalls): the autoscaler skips the round.
    ClusterSample now = reader.sample(BrokerLimits.UNLIMITED);
    ClusterModel model = ClusterModelReader.model(now, last);
    last = now;
    double ingress = model.partitions().stream().mapToLong(PartitionSpec::ingressBytesPerSec).sum();
    double egress = model.partitions().stream().mapToLong(PartitionSpec::egressBytesPerSec).sum();
    return ClusterMetrics.evenlySpread(
        now.time(),
        new ClusterLoad(ingress, egress, now.diskBytes(), now.replicas()),
        now.brokers().size(),
        requestedBrokers.getAsInt(),
        reassigning.getAsBoolean());
  }
}
