package io.serverlesskafka.gateway;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Turns what Kafka said into the HTTP answer. Kafka is the authority on who may do what: a failed
 * SASL handshake is 401, an ACL refusal (topic, group, cluster) is 403.
 */
final class KafkaErrors {

  /** What a caller is told to wait before retrying while the brokers cannot be reached. */
  static final long UNREACHABLE_RETRY_AFTER_SECONDS = 10;

  static final String UNREACHABLE =
      "Kafka brokers cannot be reached: the cluster may be hibernating (an OnDemand cluster without"
          + " topics), starting, or down; retry later";

  private KafkaErrors() {}

  /**
   * A produce that timed out while its producer holds no connection to any broker was not refused
   * by Kafka: the brokers are not there. Said as 503 with Retry-After instead of the 404 ("not
   * present in metadata") or 504 Kafka's own timeout would give.
   */
  static GatewayException whenUnreachable(
      GatewayException failure, Map<MetricName, ? extends Metric> clientMetrics) {
    if (failure.status() != 404 && failure.status() != 504) {
      return failure;
    }
    for (var e : clientMetrics.entrySet()) {
      if (e.getKey().name().equals("connection-count")
          && e.getKey().group().endsWith("-metrics")
          && e.getValue().metricValue() instanceof Number n
          && n.doubleValue() == 0) {
        return GatewayException.unavailable(
            UNREACHABLE, UNREACHABLE_RETRY_AFTER_SECONDS, failure.getCause());
      }
    }
    return failure;
  }

  static GatewayException toGatewayException(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof GatewayException gateway) {
      return gateway;
    }
    if (cause instanceof ConfigException
        && cause.getMessage() != null
        && cause.getMessage().contains("resolvable bootstrap")) {
      // the bootstrap Service's name does not resolve: the cluster's Kafka is not there (now)
      return GatewayException.unavailable(UNREACHABLE, UNREACHABLE_RETRY_AFTER_SECONDS, cause);
    }
    if (cause instanceof AuthenticationException) {
      return new GatewayException(401, "Unauthorized: Kafka refused the credentials", cause);
    }
    if (cause instanceof AuthorizationException) {
      return new GatewayException(403, "Forbidden: " + cause.getMessage(), cause);
    }
    if (cause instanceof UnknownTopicOrPartitionException
        || cause instanceof InvalidTopicException) {
      return new GatewayException(404, cause.getMessage(), cause);
    }
    if (cause instanceof TimeoutException
        && cause.getMessage() != null
        && cause.getMessage().contains("not present in metadata")) {
      return new GatewayException(
          404, "topic or partition not found: " + cause.getMessage(), cause);
    }
    if (cause instanceof org.apache.kafka.common.errors.UnknownMemberIdException
        || cause instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
      return new GatewayException(404, "no such consumer instance: " + cause.getMessage(), cause);
    }
    if (cause instanceof OffsetOutOfRangeException
        || cause instanceof NoOffsetForPartitionException) {
      return new GatewayException(400, cause.getMessage(), cause);
    }
    if (cause instanceof RecordTooLargeException) {
      return new GatewayException(413, cause.getMessage(), cause);
    }
    if (cause instanceof FencedInstanceIdException) {
      return new GatewayException(
          409, "consumer instance was taken over by another gateway replica; retry", cause);
    }
    if (cause instanceof TimeoutException) {
      return new GatewayException(
          504, "Kafka did not answer in time: " + cause.getMessage(), cause);
    }
    if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
      return new GatewayException(400, cause.getMessage(), cause);
    }
    return new GatewayException(
        500, cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
  }

  static boolean isAuthenticationFailure(Throwable failure) {
    return unwrap(failure) instanceof AuthenticationException;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    // Kafka wraps the real cause in ExecutionException, CompletionException or KafkaException.
    for (int depth = 0; depth < 8 && current != null; depth++) {
      if (current instanceof AuthenticationException
          || current instanceof AuthorizationException
          || current instanceof GatewayException) {
        return current;
      }
      boolean wrapper =
          current instanceof ExecutionException
              || current instanceof CompletionException
              || current.getClass() == org.apache.kafka.common.KafkaException.class;
      if (!wrapper || current.getCause() == null) {
        return current;
      }
      current = current.getCause();
    }
    return current == null ? failure : current;
  }
}
