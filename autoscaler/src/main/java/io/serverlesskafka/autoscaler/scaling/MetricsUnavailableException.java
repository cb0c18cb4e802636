package io.serverlesskafka.autoscaler.scaling;

/**
 * The load could not be read this round (the metrics backend failed, did not answer, or answered
 * something unusable): the autoscaler decides nothing and stores nothing. Only this says "skip the
 * round"; any other exception from a {@link MetricsSource} is a bug and is reported as one.
 */
public class MetricsUnavailableException extends RuntimeException {
  public MetricsUnavailableException(String message) {
    super(message);
  }

  public MetricsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
