package io.serverlesskafka.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record as Upstash's fetch and consume return it: key and value as UTF-8 text, a missing key as
 * "".
 */
record Message(
    String topic,
    int partition,
    long offset,
    long timestamp,
    String key,
    String value,
    List<RequestBodies.Header> headers) {

  static Message of(ConsumerRecord<byte[], byte[]> record) {
    List<RequestBodies.Header> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(
          new RequestBodies.Header(
              header.key(),
              header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
    }
    return new Message(
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8),
        record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8),
        headers);
  }
}
