package io.serverlesskafka.operator.scaling;

import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.ClusterMetrics;
import io.serverlesskafka.autoscaler.scaling.MetricsSource;
import io.serverlesskafka.autoscaler.rebalance.BrokerCapacity;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PartitionSpec;
import io.serverlesskafka.operator.rebalance.ClusterModelReader;
import io.serverlesskafka.operator.rebalance.ClusterSample;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The autoscaler's default metrics source: no extra infrastructure, only the Kafka Admin API. Two samples of
 * the cluster ({@link ClusterModelReader}) give ingress (log-end offsets) and egress (offsets committed by
 * consumer groups) in bytes per second; disk and replica counts are read as they are. The load is spread
 * evenly over the registered brokers.
 */
public final class AdminMetricsSource implements MetricsSource {
  private final Admin admin;
  private final ClusterModelReader reader;
  private final IntSupplier requestedBrokers;
  private final BooleanSupplier rebalancing;
  private ClusterSample last;

  public AdminMetricsSource(Admin admin, Clock clock, IntSupplier requestedBrokers, BooleanSupplier rebalancing) {
    this.admin = admin;
    this.reader = new ClusterModelReader(admin, clock);
    this.requestedBrokers = requestedBrokers;
    this.rebalancing = rebalancing;
  }

  @Override
  public synchronized ClusterMetrics collect() {
    try {
      ClusterSample now = reader.sample(BrokerCapacity.UNLIMITED);
      ClusterModel model = ClusterModelReader.model(now, last);
      last = now;
      double ingress = model.partitions().stream().mapToLong(PartitionSpec::ingressBytesPerSec).sum();
      double egress = model.partitions().stream().mapToLong(PartitionSpec::egressBytesPerSec).sum();
      boolean moving = rebalancing.getAsBoolean()
          || !admin.listPartitionReassignments().reassignments().get(15, TimeUnit.SECONDS).isEmpty();
      return ClusterMetrics.evenlySpread(now.time(), new ClusterLoad(ingress, egress, now.diskBytes(), now.replicas()),
          now.brokers().size(), requestedBrokers.getAsInt(), moving);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot read the cluster's load: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
