package io.serverlesskafka.devcluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Consumes records from the beginning and prints their values, with the topic's own credentials.
 */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    description =
        "Print records of a ServerlessTopic from the beginning, using the credentials in its Secret.")
final class ConsumeCommand implements Callable<Integer> {
  @Mixin TopicClientSettings topic;

  @Option(
      names = "--count",
      description = "Stop after this many records (default: ${DEFAULT-VALUE}).")
  int count = 10;

  @Option(
      names = "--timeout",
      description =
          "Stop after this many seconds without reaching --count (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 30;

  @Option(
      names = "--group",
      description =
          "Consumer group suffix; the group is <namespace>.<topic>.<suffix> (default: ${DEFAULT-VALUE}).")
  String group = "cli";

  @Override
  public Integer call() throws Exception {
    TopicClientSettings.Settings settings = topic.load();
    Map<String, Object> props = new HashMap<>(settings.clientProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupPrefix() + group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    int seen = 0;
    long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(settings.kafkaTopic()));
      while (seen < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(record.value());
          if (++seen >= count) {
            break;
          }
        }
      }
      consumer.commitSync();
    }
    System.err.printf("consumed %d records from %s%n", seen, settings.kafkaTopic());
    return seen >= count ? 0 : 1;
  }
}
