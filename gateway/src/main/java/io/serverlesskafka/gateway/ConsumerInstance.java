package io.serverlesskafka.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;

/**
 * One consumer instance of a group ({@code /consume/{group}/{instance}}) on this gateway replica: a
 * Kafka consumer whose {@code group.instance.id} is the instance name (static membership). Any
 * replica can serve any instance: a replica that gets a request for an instance it does not hold
 * joins the group under the same instance id, which replaces the other replica's member without a
 * rebalance of the rest of the group; the other replica's consumer is fenced and re-joins only if a
 * request reaches it again. Positions start from the group's committed offsets, so what is
 * committed is all a replica needs to know.
 */
final class ConsumerInstance {

  private final String kafkaGroup;
  private final String instanceId;
  private final ConsumerSettings settings;
  private final TenantClients clients;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<TopicPartition> pausedUntilConsume = new HashSet<>();
  private KafkaConsumer<byte[], byte[]> consumer;
  private List<String> topics = List.of();
  private boolean joiningToCommit;
  private volatile long lastUsedNanos = System.nanoTime();
  private volatile boolean closed;

  ConsumerInstance(
      String kafkaGroup, String instanceId, ConsumerSettings settings, TenantClients clients) {
    this.kafkaGroup = kafkaGroup;
    this.instanceId = instanceId;
    this.settings = settings;
    this.clients = clients;
  }

  String kafkaGroup() {
    return kafkaGroup;
  }

  String instanceId() {
    return instanceId;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  /**
   * Returns the records Kafka has for this instance within {@code timeoutMs}. With auto-commit, the
   * positions after the returned records are committed before this method returns, so another
   * replica taking over the instance continues after them.
   */
  List<Message> consume(List<String> requestedTopics, long timeoutMs) {
    return locked(
        () -> {
          try {
            return pollOnce(requestedTopics, timeoutMs);
          } catch (RuntimeException e) {
            if (!isFenced(e)) {
              throw e;
            }
            // Another replica served this instance since; this request is here now, so take the
            // instance back.
            dropConsumer();
            return pollOnce(requestedTopics, timeoutMs);
          }
        });
  }

  private List<Message> pollOnce(List<String> requestedTopics, long timeoutMs) {
    KafkaConsumer<byte[], byte[]> kafka = consumer(requestedTopics);
    if (!pausedUntilConsume.isEmpty()) {
      kafka.resume(pausedUntilConsume);
      pausedUntilConsume.clear();
    }
    List<Message> messages = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(timeoutMs))) {
      messages.add(Message.of(record));
    }
    if (settings.autoCommit() && !messages.isEmpty()) {
      kafka.commitSync();
    }
    return messages;
  }

  /**
   * Commits {@code offsets} (Kafka's meaning: the next offset to read), or, when empty, the
   * positions after what this replica returned last. An instance this replica does not hold yet
   * joins the group first, with its partitions paused so that joining fetches nothing.
   */
  void commit(List<RequestBodies.TopicPartitionOffset> offsets, long timeoutMs) {
    locked(
        () -> {
          try {
            commitOnce(offsets, timeoutMs);
          } catch (RuntimeException e) {
            if (!isFenced(e)) {
              throw e;
            }
            dropConsumer();
            commitOnce(offsets, timeoutMs);
          }
          return null;
        });
  }

  private void commitOnce(List<RequestBodies.TopicPartitionOffset> offsets, long timeoutMs) {
    if (offsets.isEmpty()) {
      if (consumer != null && consumer.groupMetadata().generationId() > 0) {
        consumer.commitSync(Duration.ofMillis(timeoutMs));
      }
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    for (RequestBodies.TopicPartitionOffset o : offsets) {
      commits.put(new TopicPartition(o.topic(), o.partition()), new OffsetAndMetadata(o.offset()));
    }
    List<String> commitTopics =
        commits.keySet().stream().map(TopicPartition::topic).distinct().sorted().toList();
    KafkaConsumer<byte[], byte[]> kafka = consumer(topics.isEmpty() ? commitTopics : topics);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    // A commit is accepted from a member of the group's current generation only.
    joiningToCommit = true;
    try {
      while (kafka.groupMetadata().generationId() <= 0 && System.nanoTime() < deadline) {
        kafka.poll(Duration.ofMillis(100));
      }
    } finally {
      joiningToCommit = false;
    }
    kafka.commitSync(
        commits,
        Duration.ofMillis(
            Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
  }

  /** Topic → partitions this instance holds now (as Kafka assigned them). */
  Map<String, Set<Integer>> assignment() {
    if (!lock.tryLock()) {
      return Map.of();
    }
    try {
      Map<String, Set<Integer>> result = new TreeMap<>();
      if (consumer != null) {
        for (TopicPartition tp : consumer.assignment()) {
          result.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition());
        }
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer(List<String> requestedTopics) {
    if (closed) {
      throw new GatewayException(
          404, "consumer instance " + instanceId + " was removed; send the request again");
    }
    if (consumer == null) {
      Map<String, Object> props = clients.consumerProperties(kafkaGroup, settings);
      props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
      props.put(
          ConsumerConfig.CLIENT_ID_CONFIG, "gateway-" + clients.username() + "-" + instanceId);
      consumer = new KafkaConsumer<>(props);
    }
    if (!topics.equals(requestedTopics) && !requestedTopics.isEmpty()) {
      topics = List.copyOf(requestedTopics);
      consumer.subscribe(topics, new PauseOnJoin());
    }
    return consumer;
  }

  /**
   * Partitions newly assigned during a commit-only request stay paused until the next consume, so
   * that joining the group to commit never moves a position past records nobody received.
   */
  private final class PauseOnJoin implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (joiningToCommit && consumer != null && !partitions.isEmpty()) {
        consumer.pause(partitions);
        pausedUntilConsume.addAll(partitions);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      pausedUntilConsume.removeAll(partitions);
    }
  }

  boolean tryCloseIfIdle(long nowNanos, long limitNanos) {
    if (!lock.tryLock()) {
      return false;
    }
    try {
      if (nowNanos - lastUsedNanos <= limitNanos) {
        return false;
      }
      closeLeavingGroupLocked();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the instance: its consumer leaves the group, so its partitions move to the other instances
   * at once.
   */
  void closeLeavingGroup() {
    lock.lock();
    try {
      closeLeavingGroupLocked();
    } finally {
      lock.unlock();
    }
  }

  private void closeLeavingGroupLocked() {
    closed = true;
    if (consumer != null) {
      try {
        // Static members do not leave on close by default; an ended instance must, or its
        // partitions wait
        // for the session timeout.
        consumer.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(5)));
      } catch (RuntimeException ignored) {
        // a fenced or unreachable member has nothing to leave
      }
      consumer = null;
    }
  }

  private void dropConsumer() {
    if (consumer != null) {
      try {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
      } catch (RuntimeException ignored) {
        // fenced: nothing to clean up on the broker
      }
      consumer = null;
      topics = List.of();
      pausedUntilConsume.clear();
    }
  }

  /** Kafka reports the fencing bare or wrapped, depending on where the consumer noticed it. */
  private static boolean isFenced(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FencedInstanceIdException) {
        return true;
      }
    }
    return false;
  }

  private <T> T locked(java.util.function.Supplier<T> work) {
    lock.lock();
    try {
      lastUsedNanos = System.nanoTime();
      try {
        return work.get();
      } catch (RuntimeException e) {
        if (KafkaErrors.isAuthenticationFailure(e)
            || KafkaErrors.toGatewayException(e).status() == 403
            || isFenced(e)) {
          // A consumer whose credentials or ACLs fail, or that was fenced twice in a row, is
          // useless; the
          // next request starts clean.
          dropConsumer();
        }
        throw e;
      } finally {
        lastUsedNanos = System.nanoTime();
      }
    } finally {
      lock.unlock();
    }
  }
}
