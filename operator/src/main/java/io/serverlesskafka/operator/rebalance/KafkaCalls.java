package io.serverlesskafka.operator.rebalance;

import io.serverlesskafka.operator.kafka.KafkaUnavailableException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;

/**
 * Waits for an Admin API call with a bound, turning Kafka's checked exceptions into {@link
 * KafkaUnavailableException}: the one kind callers treat as "Kafka failed, try again later"
 * (anything else is a bug).
 */
final class KafkaCalls {
  static final long TIMEOUT_SECONDS = 30;

  private KafkaCalls() {}

  static <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new KafkaUnavailableException(e.getCause().toString(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted", e);
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException(
          "Kafka did not answer within " + TIMEOUT_SECONDS + " s", e);
    }
  }
}
