package io.serverlesskafka.operator.rebalance;

import io.serverlesskafka.autoscaler.rebalance.BrokerCapacity;
import io.serverlesskafka.autoscaler.rebalance.BrokerSpec;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PartitionSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the planner's cluster model from a live cluster: brokers and racks, replica lists, partition sizes
 * from the log dirs (internal topics included), and ingress rates measured as the growth of each partition's leader log over a sampling
 * interval (zero when the interval is zero). Egress is not visible through the Admin API alone and is left 0.
 */
public final class ClusterModelReader {
  private final Admin admin;

  public ClusterModelReader(Admin admin) {
    this.admin = admin;
  }

  public ClusterModel read(BrokerCapacity capacity, Duration sampling) throws InterruptedException {
    Collection<Node> nodes = KafkaCalls.get(admin.describeCluster().nodes());
    List<BrokerSpec> brokers = nodes.stream().sorted(Comparator.comparingInt(Node::id))
        .map(n -> new BrokerSpec(n.id(), n.hasRack() ? n.rack() : null, capacity)).toList();
    // Internal topics too: a drained broker must end with no replica at all, __consumer_offsets included.
    Set<String> topics = KafkaCalls.get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
    Map<String, TopicDescription> described = topics.isEmpty() ? Map.of() : KafkaCalls.get(admin.describeTopics(topics).allTopicNames());
    List<Integer> brokerIds = brokers.stream().map(BrokerSpec::id).toList();
    Map<TopicPartition, Long> sizes = sizes(brokerIds);
    Map<TopicPartition, Long> rates = new HashMap<>();
    if (!sampling.isZero()) {
      long start = System.nanoTime();
      Thread.sleep(sampling.toMillis());
      Map<TopicPartition, Long> later = sizes(brokerIds);
      double seconds = (System.nanoTime() - start) / 1e9;
      later.forEach((tp, size) -> rates.put(tp, Math.max(0, Math.round((size - sizes.getOrDefault(tp, 0L)) / seconds))));
      sizes.putAll(later);
    }
    List<PartitionSpec> partitions = new ArrayList<>();
    for (TopicDescription d : described.values().stream().sorted(Comparator.comparing(TopicDescription::name)).toList()) {
      d.partitions().forEach(p -> {
        TopicPartition tp = new TopicPartition(d.name(), p.partition());
        partitions.add(new PartitionSpec(d.name(), p.partition(), p.replicas().stream().map(Node::id).toList(),
            rates.getOrDefault(tp, 0L), 0L, sizes.getOrDefault(tp, 0L)));
      });
    }
    return new ClusterModel(brokers, partitions);
  }

  /** Largest size of each partition over its replicas: the leader's log is the complete one. */
  private Map<TopicPartition, Long> sizes(List<Integer> brokers) {
    Map<TopicPartition, Long> sizes = new HashMap<>();
    Map<Integer, Map<String, LogDirDescription>> dirs = KafkaCalls.get(admin.describeLogDirs(brokers).allDescriptions());
    dirs.values().forEach(byDir -> byDir.values().forEach(dir -> dir.replicaInfos().forEach((tp, info) ->
        sizes.merge(tp, info.size(), Math::max))));
    return sizes;
  }


}
