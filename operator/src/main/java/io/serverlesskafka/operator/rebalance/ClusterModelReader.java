package io.serverlesskafka.operator.rebalance;

import io.serverlesskafka.autoscaler.rebalance.BrokerLimits;
import io.serverlesskafka.autoscaler.rebalance.BrokerSpec;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PartitionSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the planner's cluster model from a live cluster through the Admin API alone: brokers and
 * racks, replica lists, partition sizes from the log dirs (internal topics included), and byte
 * rates derived from two {@link ClusterSample}s. Ingress is the growth of each partition's log-end
 * offset, egress the growth of the offsets consumer groups committed on it, both turned into bytes
 * with the partition's stored bytes per record (so compression counts as the brokers see it).
 * Egress of consumers that do not commit is invisible.
 */
public final class ClusterModelReader {
  private final Admin admin;
  private final Clock clock;

  public ClusterModelReader(Admin admin) {
    this(admin, Clock.systemUTC());
  }

  public ClusterModelReader(Admin admin, Clock clock) {
    this.admin = admin;
    this.clock = clock;
  }

  /** A model with rates measured over {@code sampling} (all rates zero when it is zero). */
  public ClusterModel read(BrokerLimits capacity, Duration sampling) throws InterruptedException {
    ClusterSample first = sample(capacity);
    if (sampling.isZero()) {
      return model(first, null);
    }
    Thread.sleep(sampling.toMillis());
    return model(sample(capacity), first);
  }

  /** One look at the cluster: layout, sizes and the offsets that rates come from. */
  public ClusterSample sample(BrokerLimits capacity) {
    Instant time = clock.instant();
    Collection<Node> nodes = KafkaCalls.get(admin.describeCluster().nodes());
    List<BrokerSpec> brokers =
        nodes.stream()
            .sorted(Comparator.comparingInt(Node::id))
            .map(n -> new BrokerSpec(n.id(), n.hasRack() ? n.rack() : null, capacity))
            .toList();
    // Internal topics too: a drained broker must end with no replica at all, __consumer_offsets
    // included.
    Set<String> names =
        KafkaCalls.get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
    List<TopicDescription> topics =
        names.isEmpty()
            ? List.of()
            : KafkaCalls.get(admin.describeTopics(names).allTopicNames()).values().stream()
                .sorted(Comparator.comparing(TopicDescription::name))
                .toList();
    List<TopicPartition> partitions =
        topics.stream()
            .flatMap(
                d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
            .toList();
    Map<TopicPartition, Long> sizes = new HashMap<>();
    long diskBytes = 0;
    int replicas = 0;
    Map<Integer, Map<String, LogDirDescription>> dirs =
        KafkaCalls.get(
            admin.describeLogDirs(brokers.stream().map(BrokerSpec::id).toList()).allDescriptions());
    for (var byDir : dirs.values()) {
      for (var dir : byDir.values()) {
        for (var e : dir.replicaInfos().entrySet()) {
          // The largest replica is the leader's complete log.
          sizes.merge(e.getKey(), e.getValue().size(), Math::max);
          diskBytes += e.getValue().size();
          replicas++;
        }
      }
    }
    return new ClusterSample(
        time,
        brokers,
        topics,
        sizes,
        offsets(partitions, OffsetSpec.latest()),
        offsets(partitions, OffsetSpec.earliest()),
        committed(),
        diskBytes,
        replicas);
  }

  /** The model of {@code now}, with rates measured since {@code before} (zero when it is null). */
  public static ClusterModel model(ClusterSample now, ClusterSample before) {
    double seconds =
        before == null ? 0 : Duration.between(before.time(), now.time()).toMillis() / 1000.0;
    List<PartitionSpec> partitions = new ArrayList<>();
    for (TopicDescription d : now.topics()) {
      d.partitions()
          .forEach(
              p -> {
                TopicPartition tp = new TopicPartition(d.name(), p.partition());
                long ingress = 0;
                long egress = 0;
                if (seconds > 0) {
                  double bytesPerRecord = now.bytesPerRecord(tp);
                  ingress = rate(now.logEnd(), before.logEnd(), tp, bytesPerRecord, seconds);
                  egress = rate(now.committed(), before.committed(), tp, bytesPerRecord, seconds);
                }
                partitions.add(
                    new PartitionSpec(
                        d.name(),
                        p.partition(),
                        p.replicas().stream().map(Node::id).toList(),
                        ingress,
                        egress,
                        now.sizes().getOrDefault(tp, 0L)));
              });
    }
    return new ClusterModel(now.brokers(), partitions);
  }

  private static long rate(
      Map<TopicPartition, Long> now,
      Map<TopicPartition, Long> before,
      TopicPartition tp,
      double bytesPerRecord,
      double seconds) {
    Long a = before.get(tp);
    Long b = now.get(tp);
    if (a == null || b == null || b <= a) {
      return 0;
    }
    return Math.round((b - a) * bytesPerRecord / seconds);
  }

  private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
        KafkaCalls.get(
            admin
                .listOffsets(
                    partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> spec)))
                .all());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    result.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  /** Committed offsets summed over all consumer groups: each group reads every record once. */
  private Map<TopicPartition, Long> committed() {
    Map<TopicPartition, Long> sum = new HashMap<>();
    for (ConsumerGroupListing group : KafkaCalls.get(admin.listConsumerGroups().all())) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          KafkaCalls.get(
              admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata());
      offsets.forEach(
          (tp, om) -> {
            if (om != null) {
              sum.merge(tp, om.offset(), Long::sum);
            }
          });
    }
    return sum;
  }
}
