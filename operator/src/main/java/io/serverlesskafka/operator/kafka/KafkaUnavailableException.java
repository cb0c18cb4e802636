package io.serverlesskafka.operator.kafka;

/** A Kafka Admin call failed or did not answer in time; callers fall back or try again later. */
public class KafkaUnavailableException extends RuntimeException {
  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
