package io.serverlesskafka.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Produces a request's messages with the caller's producer (acks=all) and answers in request order.
 */
final class Producing {

  record Metadata(String topic, int partition, long offset, long timestamp) {}

  private Producing() {}

  static List<Metadata> produce(
      TenantClients clients, List<RequestBodies.ProduceMessage> messages) {
    KafkaProducer<byte[], byte[]> producer = clients.producer();
    List<Future<RecordMetadata>> sends = new ArrayList<>(messages.size());
    try {
      for (RequestBodies.ProduceMessage m : messages) {
        sends.add(producer.send(toRecord(m)));
      }
    } catch (RuntimeException e) {
      // send() throws for what fails before a batch exists (metadata, authorization, serialization)
      throw KafkaErrors.whenUnreachable(KafkaErrors.toGatewayException(e), producer.metrics());
    }
    List<Metadata> result = new ArrayList<>(sends.size());
    for (Future<RecordMetadata> send : sends) {
      try {
        RecordMetadata md = send.get();
        result.add(new Metadata(md.topic(), md.partition(), md.offset(), md.timestamp()));
      } catch (ExecutionException e) {
        throw KafkaErrors.whenUnreachable(
            KafkaErrors.toGatewayException(e.getCause()), producer.metrics());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GatewayException(503, "interrupted while producing");
      }
    }
    return result;
  }

  private static ProducerRecord<byte[], byte[]> toRecord(RequestBodies.ProduceMessage m) {
    List<org.apache.kafka.common.header.Header> headers = new ArrayList<>();
    for (RequestBodies.Header h : m.headers()) {
      headers.add(
          new RecordHeader(
              h.key(), h.value() == null ? null : h.value().getBytes(StandardCharsets.UTF_8)));
    }
    return new ProducerRecord<>(
        m.topic(),
        m.partition(),
        m.timestamp(),
        m.key() == null ? null : m.key().getBytes(StandardCharsets.UTF_8),
        m.value().getBytes(StandardCharsets.UTF_8),
        headers);
  }
}
