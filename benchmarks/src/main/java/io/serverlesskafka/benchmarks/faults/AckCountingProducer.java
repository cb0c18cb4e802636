package io.serverlesskafka.benchmarks.faults;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An idempotent {@code acks=all} producer that remembers which records the brokers acknowledged:
 * record {@code i} has key {@code "<i>"}; only a successful callback marks it. What is acknowledged
 * must later be read back exactly once. Runs in a thread of its own at a bounded rate until {@link
 * #stop()}.
 */
final class AckCountingProducer implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final byte[] value;
  private final BitSet acked = new BitSet();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> lastFailure = new AtomicReference<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private Thread thread;

  AckCountingProducer(Map<String, Object> clientProperties, String topic, int valueBytes) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A broker or the operator may be gone for a while: keep retrying inside the delivery timeout.
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(props);
    this.topic = topic;
    this.value = new byte[valueBytes];
  }

  /** Sends {@code count} records as fast as the brokers take them, and waits for every answer. */
  void preload(int count) {
    for (int i = 0; i < count; i++) {
      send();
    }
    producer.flush();
  }

  /** Keeps sending about {@code perSecond} records a second in the background. */
  void startBackground(int perSecond) {
    running.set(true);
    thread =
        new Thread(
            () -> {
              long interval = 1_000_000_000L / Math.max(1, perSecond);
              long next = System.nanoTime();
              while (running.get()) {
                send();
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                  try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }
            },
            "fault-producer-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void send() {
    int i = (int) sent.getAndIncrement();
    producer.send(
        new ProducerRecord<>(topic, Integer.toString(i), value),
        (metadata, error) -> {
          if (error == null) {
            synchronized (acked) {
              acked.set(i);
            }
          } else {
            failed.incrementAndGet();
            lastFailure.set(error);
          }
        });
  }

  /** Stops sending and waits until every record sent has its answer. */
  void stop() throws InterruptedException {
    running.set(false);
    if (thread != null) {
      thread.join(30_000);
    }
    producer.flush();
  }

  BitSet acked() {
    synchronized (acked) {
      return (BitSet) acked.clone();
    }
  }

  long sent() {
    return sent.get();
  }

  long failed() {
    return failed.get();
  }

  Exception lastFailure() {
    return lastFailure.get();
  }

  @Override
  public void close() {
    running.set(false);
    producer.close();
  }
}
