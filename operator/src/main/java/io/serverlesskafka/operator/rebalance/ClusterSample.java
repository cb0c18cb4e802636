package io.serverlesskafka.operator.rebalance;

import io.serverlesskafka.autoscaler.rebalance.BrokerSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * One look at a cluster through the Admin API. Two of them, some seconds apart, give byte rates
 * ({@link ClusterModelReader#model}).
 *
 * @param sizes bytes stored by each partition's largest replica
 * @param logEnd log-end offset of each partition
 * @param logStart log-start offset of each partition
 * @param committed committed offsets of each partition, summed over all consumer groups
 * @param diskBytes bytes stored by all replicas together
 * @param replicas replicas on all brokers together
 */
public record ClusterSample(
    Instant time,
    List<BrokerSpec> brokers,
    List<TopicDescription> topics,
    Map<TopicPartition, Long> sizes,
    Map<TopicPartition, Long> logEnd,
    Map<TopicPartition, Long> logStart,
    Map<TopicPartition, Long> committed,
    long diskBytes,
    int replicas) {

  /** Stored bytes per record of a partition; 0 for an empty one. */
  double bytesPerRecord(TopicPartition tp) {
    long records = logEnd.getOrDefault(tp, 0L) - logStart.getOrDefault(tp, 0L);
    return records <= 0 ? 0 : sizes.getOrDefault(tp, 0L) / (double) records;
  }
}
