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

  public static UsageSample sample(
      ClusterAdmin admin, String topic, String groupPrefix, Instant now) {
    return sample(admin, topic, List.of(groupPrefix), now);
  }

  /**
   * @param groupPrefixes the topic's group prefixes (the current one, and the legacy one its user
   *     may still grant)
   */
  public static UsageSample sample(
      ClusterAdmin admin, String topic, List<String> groupPrefixes, Instant now) {
    var description = admin.describe(topic);
    List<TopicPartition> partitions =
        description.partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    // Sizes and offsets come from different calls; under traffic the log grows in between. Reading
    // the end
    // offsets on both sides of the sizes and taking the middle keeps bytes per record close to the
    // truth.
    Map<TopicPartition, Long> endBefore = admin.offsets(partitions, OffsetSpec.latest());
    long storedBytes =
        admin.leaderSizes(description).values().stream().mapToLong(Long::longValue).sum();
    Map<TopicPartition, Long> end = admin.offsets(partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> start = admin.offsets(partitions, OffsetSpec.earliest());
    long logEnd = sum(end);
    long logStart = sum(start);
    long storedRecords = Math.max(0, (sum(endBefore) + logEnd) / 2 - logStart);
    Map<String, Long> committed = new HashMap<>();
    List<String> groups =
        groupPrefixes.stream().flatMap(p -> admin.groups(p).stream()).distinct().toList();
    for (String group : groups) {
      long sum = admin.committed(group, topic).values().stream().mapToLong(Long::longValue).sum();
      if (sum > 0) {
        committed.put(group, sum);
      }
    }
    return new UsageSample(now, logEnd, logStart, storedRecords, storedBytes, committed);
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
