package io.serverlesskafka.operator.usage;

import io.serverlesskafka.operator.kafka.ClusterAdmin;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Takes a {@link UsageSample} of one topic through the Admin API. */
public final class UsageSampler {
  private UsageSampler() {}

  public static UsageSample sample(ClusterAdmin admin, String topic, String groupPrefix, Instant now) {
    var description = admin.describe(topic);
    List<TopicPartition> partitions = description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    Map<TopicPartition, Long> end = admin.offsets(partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> start = admin.offsets(partitions, OffsetSpec.earliest());
    long logEnd = end.values().stream().mapToLong(Long::longValue).sum();
    long stored = partitions.stream().mapToLong(tp -> Math.max(0, end.getOrDefault(tp, 0L) - start.getOrDefault(tp, 0L))).sum();
    long storedBytes = admin.leaderSizes(description).values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> committed = new HashMap<>();
    for (String group : admin.groups(groupPrefix)) {
      long sum = admin.committed(group, topic).values().stream().mapToLong(Long::longValue).sum();
      if (sum > 0) {
        committed.put(group, sum);
      }
    }
    return new UsageSample(now, logEnd, stored, storedBytes, committed);
  }
}
