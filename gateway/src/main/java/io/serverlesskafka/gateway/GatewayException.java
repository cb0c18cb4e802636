package io.serverlesskafka.gateway;

/**
 * A request that ends with an HTTP error; the message goes to the caller as {@code {"error",
 * "status"}}.
 */
public final class GatewayException extends RuntimeException {

  private final int status;
  private long retryAfterSeconds;

  public GatewayException(int status, String message) {
    super(message);
    this.status = status;
  }

  public GatewayException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** Seconds for a {@code Retry-After} header; 0 when the answer has none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static GatewayException tooManyRequests(String message, long retryAfterSeconds) {
    GatewayException e = new GatewayException(429, message);
    e.retryAfterSeconds = retryAfterSeconds;
    return e;
  }

  /** 503 with {@code Retry-After}: the brokers cannot be reached now. */
  public static GatewayException unavailable(
      String message, long retryAfterSeconds, Throwable cause) {
    GatewayException e = new GatewayException(503, message, cause);
    e.retryAfterSeconds = retryAfterSeconds;
    return e;
  }

  public static GatewayException badRequest(String message) {
    return new GatewayException(400, message);
  }
}
