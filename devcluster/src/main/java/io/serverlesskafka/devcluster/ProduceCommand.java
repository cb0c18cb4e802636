package io.serverlesskafka.devcluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Produces one record per line of standard input, with the topic's own credentials. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description =
        "Produce one record per stdin line to a ServerlessTopic, using the credentials in its Secret.")
final class ProduceCommand implements Callable<Integer> {
  @Mixin TopicClientSettings topic;

  @Override
  public Integer call() throws Exception {
    TopicClientSettings.Settings settings = topic.load();
    Map<String, Object> props = new HashMap<>(settings.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    int count = 0;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        producer.send(new ProducerRecord<>(settings.kafkaTopic(), line)).get();
        count++;
      }
    }
    System.err.printf("produced %d records to %s%n", count, settings.kafkaTopic());
    return 0;
  }
}
