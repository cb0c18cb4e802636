package io.serverlesskafka.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code /fetch}: records from given offsets, without a consumer group, with a pooled consumer of
 * the caller.
 */
final class Fetching {

  private Fetching() {}

  static List<Message> fetch(TenantClients clients, RequestBodies.FetchRequest request) {
    return clients.withFetchConsumer(
        consumer -> {
          Map<TopicPartition, Long> offsets =
              request.offsets().entrySet().stream()
                  .collect(
                      Collectors.toMap(
                          e -> new TopicPartition(e.getKey().topic(), e.getKey().partition()),
                          Map.Entry::getValue));
          requirePartitionsExist(consumer, offsets.keySet());
          consumer.assign(offsets.keySet());
          offsets.forEach(consumer::seek);
          long deadline = System.nanoTime() + Duration.ofMillis(request.timeoutMs()).toNanos();
          List<Message> messages = new ArrayList<>();
          do {
            long left = Math.max(0, deadline - System.nanoTime());
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofNanos(left));
            for (ConsumerRecord<byte[], byte[]> record : records) {
              messages.add(Message.of(record));
            }
          } while (messages.isEmpty() && System.nanoTime() < deadline);
          return messages;
        });
  }

  private static void requirePartitionsExist(
      KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> partitions) {
    for (String topic : partitions.stream().map(TopicPartition::topic).distinct().toList()) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        throw new GatewayException(404, "topic " + topic + " not found");
      }
      for (TopicPartition tp : partitions) {
        if (tp.topic().equals(topic) && tp.partition() >= infos.size()) {
          throw new GatewayException(
              404,
              "topic "
                  + topic
                  + " has no partition "
                  + tp.partition()
                  + " (it has "
                  + infos.size()
                  + ")");
        }
      }
    }
  }
}
