package io.serverlesskafka.gateway;

/** A request that ends with an HTTP error; the message goes to the caller as {@code {"error", "status"}}. */
public final class GatewayException extends RuntimeException {

    private final int status;

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

    public static GatewayException badRequest(String message) {
        return new GatewayException(400, message);
    }
}
