package io.serverlesskafka.gateway;

import java.time.Duration;

/**
 * The gateway's settings with their defaults (documented in docs/gateway.md).
 *
 * @param maxCredentials credentials whose Kafka clients are kept at once; the least recently used
 *     are closed
 * @param credentialIdleTimeout clients of a credential unused this long are closed
 * @param instanceIdleTimeout a consumer instance not used this long is closed (its group membership
 *     ends)
 * @param lingerMs the producers' {@code linger.ms}: requests arriving together share a batch
 * @param idempotencyTtl how long an {@code Idempotency-Key}'s response is kept for retries
 * @param groupNames how consumer group names map to Kafka group ids
 */
public record GatewayConfig(
    ClientSettings kafka,
    String host,
    int port,
    int maxCredentials,
    Duration credentialIdleTimeout,
    Duration instanceIdleTimeout,
    int lingerMs,
    Duration idempotencyTtl,
    int maxIdempotencyKeys,
    GroupNames groupNames,
    int maxBodyBytes) {

  public static final int DEFAULT_PORT = 8082;

  public static GatewayConfig defaults(ClientSettings kafka) {
    return new GatewayConfig(
        kafka,
        "0.0.0.0",
        DEFAULT_PORT,
        1_000,
        Duration.ofMinutes(10),
        Duration.ofMinutes(5),
        2,
        Duration.ofMinutes(10),
        100_000,
        new GroupNames(true),
        8 * 1024 * 1024);
  }

  public GatewayConfig withPort(String host, int port) {
    return new GatewayConfig(
        kafka,
        host,
        port,
        maxCredentials,
        credentialIdleTimeout,
        instanceIdleTimeout,
        lingerMs,
        idempotencyTtl,
        maxIdempotencyKeys,
        groupNames,
        maxBodyBytes);
  }

  public GatewayConfig withLimits(
      int maxCredentials, Duration credentialIdleTimeout, Duration instanceIdleTimeout) {
    return new GatewayConfig(
        kafka,
        host,
        port,
        maxCredentials,
        credentialIdleTimeout,
        instanceIdleTimeout,
        lingerMs,
        idempotencyTtl,
        maxIdempotencyKeys,
        groupNames,
        maxBodyBytes);
  }

  public GatewayConfig withLingerMs(int lingerMs) {
    return new GatewayConfig(
        kafka,
        host,
        port,
        maxCredentials,
        credentialIdleTimeout,
        instanceIdleTimeout,
        lingerMs,
        idempotencyTtl,
        maxIdempotencyKeys,
        groupNames,
        maxBodyBytes);
  }
}
