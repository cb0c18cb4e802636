package io.serverlesskafka.gateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients of one credential, made lazily: a producer shared by all of its requests (so
 * concurrent requests share batches), an Admin client, a small pool of group-less consumers for
 * {@code /fetch}, and its consumer instances. Every client uses the caller's own SCRAM credentials.
 */
final class TenantClients implements AutoCloseable {

  private static final int MAX_IDLE_FETCH_CONSUMERS = 4;

  private final Credentials credentials;
  private final Map<String, Object> baseProperties;
  private final GatewayConfig config;
  private final ConcurrentLinkedQueue<KafkaConsumer<byte[], byte[]>> idleFetchConsumers =
      new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<String, ConsumerInstance> instances = new ConcurrentHashMap<>();
  private volatile KafkaProducer<byte[], byte[]> producer;
  private volatile Admin admin;
  private volatile long lastUsedNanos = System.nanoTime();
  private volatile boolean closed;
  private volatile boolean verified;

  TenantClients(Credentials credentials, GatewayConfig config) {
    this.credentials = credentials;
    this.config = config;
    this.baseProperties = config.kafka().forCredentials(credentials);
  }

  String username() {
    return credentials.username();
  }

  void touch() {
    lastUsedNanos = System.nanoTime();
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  KafkaProducer<byte[], byte[]> producer() {
    KafkaProducer<byte[], byte[]> current = producer;
    if (current == null) {
      synchronized (this) {
        requireOpen();
        if (producer == null) {
          Map<String, Object> props = new HashMap<>(baseProperties);
          props.put(ProducerConfig.ACKS_CONFIG, "all");
          props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
          props.put(ProducerConfig.LINGER_MS_CONFIG, config.lingerMs());
          // A request for a topic that does not exist must not hang its caller for Kafka's default
          // minute.
          props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
          props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
          props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
          props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
          props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
          producer = new KafkaProducer<>(props);
        }
        current = producer;
      }
    }
    return current;
  }

  Admin admin() {
    Admin current = admin;
    if (current == null) {
      synchronized (this) {
        requireOpen();
        if (admin == null) {
          Map<String, Object> props = new HashMap<>(baseProperties);
          props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
          props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
          admin = Admin.create(props);
        }
        current = admin;
      }
    }
    return current;
  }

  /**
   * Runs {@code work} with a group-less consumer from the pool; the consumer goes back unassigned.
   */
  <T> T withFetchConsumer(java.util.function.Function<KafkaConsumer<byte[], byte[]>, T> work) {
    requireOpen();
    KafkaConsumer<byte[], byte[]> consumer = idleFetchConsumers.poll();
    if (consumer == null) {
      consumer = new KafkaConsumer<>(consumerProperties(null, null));
    }
    boolean reusable = false;
    try {
      T result = work.apply(consumer);
      consumer.assign(List.of());
      reusable = true;
      return result;
    } finally {
      if (reusable && !closed && idleFetchConsumers.size() < MAX_IDLE_FETCH_CONSUMERS) {
        idleFetchConsumers.add(consumer);
      } else {
        consumer.close(Duration.ZERO);
      }
    }
  }

  Map<String, Object> consumerProperties(String kafkaGroup, ConsumerSettings settings) {
    Map<String, Object> props = new HashMap<>(baseProperties);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // The gateway commits itself (see ConsumerInstance), never in the background.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    if (kafkaGroup == null) {
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    } else {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, kafkaGroup);
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset());
      props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, settings.sessionTimeoutMs());
      // An idle instance is closed by the gateway before Kafka would consider it stuck.
      props.put(
          ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
          (int) Math.min(Integer.MAX_VALUE, config.instanceIdleTimeout().toMillis() + 60_000));
    }
    return props;
  }

  ConsumerInstance instance(String kafkaGroup, String instanceId, ConsumerSettings settings) {
    requireOpen();
    return instances.computeIfAbsent(
        kafkaGroup + "\u0000" + instanceId,
        k -> new ConsumerInstance(kafkaGroup, instanceId, settings, this));
  }

  ConsumerInstance existingInstance(String kafkaGroup, String instanceId) {
    return instances.get(kafkaGroup + "\u0000" + instanceId);
  }

  void forget(ConsumerInstance instance) {
    instances.remove(instance.kafkaGroup() + "\u0000" + instance.instanceId(), instance);
  }

  /** Closes consumer instances idle for longer than the configured time; they leave their group. */
  void expireIdleInstances(long nowNanos, Consumer<ConsumerInstance> onExpired) {
    long limit = config.instanceIdleTimeout().toNanos();
    for (ConsumerInstance instance : instances.values()) {
      if (nowNanos - instance.lastUsedNanos() > limit && instance.tryCloseIfIdle(nowNanos, limit)) {
        forget(instance);
        onExpired.accept(instance);
      }
    }
  }

  boolean hasInstances() {
    return !instances.isEmpty();
  }

  /** Kafka accepted these credentials: a produce was acknowledged or records were read. */
  void markVerified() {
    verified = true;
  }

  /**
   * Whether Kafka has accepted these credentials: marked so ({@link #markVerified}), or the
   * producer's or the Admin client's metrics count a successful SASL authentication. A request that
   * never reached Kafka (an empty produce, a commit without offsets) proves nothing by itself.
   */
  boolean verified() {
    if (!verified
        && (authenticated(producer == null ? null : producer.metrics())
            || authenticated(admin == null ? null : admin.metrics()))) {
      verified = true;
    }
    return verified;
  }

  private static boolean authenticated(
      Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics) {
    if (metrics == null) {
      return false;
    }
    for (var e : metrics.entrySet()) {
      if (e.getKey().name().equals("successful-authentication-total")
          && e.getValue().metricValue() instanceof Number n
          && n.doubleValue() > 0) {
        return true;
      }
    }
    return false;
  }

  private void requireOpen() {
    if (closed) {
      throw new GatewayException(503, "the clients of this credential were just closed; retry");
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    instances.values().forEach(ConsumerInstance::closeLeavingGroup);
    instances.clear();
    KafkaConsumer<byte[], byte[]> consumer;
    while ((consumer = idleFetchConsumers.poll()) != null) {
      consumer.close(Duration.ZERO);
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
