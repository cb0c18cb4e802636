package io.serverlesskafka.operator.scaling;

import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.ClusterMetrics;
import io.serverlesskafka.autoscaler.scaling.MetricsSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * The autoscaler's default metrics source: no extra infrastructure, only the Kafka Admin API. Ingress is the
 * growth of the stored bytes of every partition's largest replica between two samples (clamped at zero when
 * retention deletes more than producers write); disk and replica counts are read as they are. Egress is not
 * visible through the Admin API and counts as zero. The load is spread evenly over the registered brokers.
 */
public final class AdminMetricsSource implements MetricsSource {
  private final Admin admin;
  private final Clock clock;
  private final IntSupplier requestedBrokers;
  private final BooleanSupplier reassigning;
  private Instant lastTime;
  private long lastLeaderBytes = -1;

  /** @param reassigning whether partitions are being moved now ({@link PartitionMoves}) */
  public AdminMetricsSource(Admin admin, Clock clock, IntSupplier requestedBrokers, BooleanSupplier reassigning) {
    this.admin = admin;
    this.clock = clock;
    this.requestedBrokers = requestedBrokers;
    this.reassigning = reassigning;
  }

  @Override
  public synchronized ClusterMetrics collect() {
    try {
      Collection<Node> nodes = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS);
      Set<Integer> ids = nodes.stream().map(Node::id).collect(java.util.stream.Collectors.toSet());
      Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(ids).allDescriptions().get(15, TimeUnit.SECONDS);
      Map<TopicPartition, Long> largest = new java.util.HashMap<>();
      long diskBytes = 0;
      long replicas = 0;
      for (var byDir : dirs.values()) {
        for (var dir : byDir.values()) {
          for (var e : dir.replicaInfos().entrySet()) {
            largest.merge(e.getKey(), e.getValue().size(), Math::max);
            diskBytes += e.getValue().size();
            replicas++;
          }
        }
      }
      long leaderBytes = largest.values().stream().mapToLong(Long::longValue).sum();
      Instant now = clock.instant();
      double ingress = 0;
      if (lastLeaderBytes >= 0 && lastTime != null && now.isAfter(lastTime)) {
        ingress = Math.max(0, (leaderBytes - lastLeaderBytes) / ((now.toEpochMilli() - lastTime.toEpochMilli()) / 1000.0));
      }
      lastLeaderBytes = leaderBytes;
      lastTime = now;
      return ClusterMetrics.evenlySpread(now, new ClusterLoad(ingress, 0, diskBytes, replicas), ids.size(),
          requestedBrokers.getAsInt(), reassigning.getAsBoolean());
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot read the cluster's load: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

}
