package io.serverlesskafka.gateway;

import java.util.Set;
import java.util.function.Function;

/**
 * A consumer instance's settings from Upstash's request headers, read on the request that creates
 * the instance (later requests may send them again; they have no further effect, as on Upstash).
 *
 * @param autoCommit {@code Kafka-Enable-Auto-Commit}, default true
 * @param autoCommitIntervalMs {@code Kafka-Auto-Commit-Interval}, default 5000; accepted and
 *     validated, but every consume with auto-commit commits before it answers (see docs/gateway.md,
 *     "When a record is seen again")
 * @param autoOffsetReset {@code Kafka-Auto-Offset-Reset}: earliest, latest (default) or none
 * @param sessionTimeoutMs {@code Kafka-Session-Timeout-Ms}, default 120000
 */
record ConsumerSettings(
    boolean autoCommit, long autoCommitIntervalMs, String autoOffsetReset, int sessionTimeoutMs) {

  static final ConsumerSettings DEFAULTS = new ConsumerSettings(true, 5_000, "latest", 120_000);
  private static final Set<String> RESETS = Set.of("earliest", "latest", "none");

  static ConsumerSettings fromHeaders(Function<String, String> header) {
    boolean autoCommit = DEFAULTS.autoCommit();
    String enable = header.apply("Kafka-Enable-Auto-Commit");
    if (enable != null) {
      if (!enable.equalsIgnoreCase("true") && !enable.equalsIgnoreCase("false")) {
        throw GatewayException.badRequest(
            "Kafka-Enable-Auto-Commit must be true or false, got " + enable);
      }
      autoCommit = Boolean.parseBoolean(enable);
    }
    long interval =
        number(
            header.apply("Kafka-Auto-Commit-Interval"),
            "Kafka-Auto-Commit-Interval",
            DEFAULTS.autoCommitIntervalMs());
    String reset = header.apply("Kafka-Auto-Offset-Reset");
    if (reset == null) {
      reset = DEFAULTS.autoOffsetReset();
    } else if (!RESETS.contains(reset)) {
      throw GatewayException.badRequest(
          "Kafka-Auto-Offset-Reset must be earliest, latest or none, got " + reset);
    }
    long session =
        number(
            header.apply("Kafka-Session-Timeout-Ms"),
            "Kafka-Session-Timeout-Ms",
            DEFAULTS.sessionTimeoutMs());
    if (session < 6_000 || session > 1_800_000) {
      throw GatewayException.badRequest(
          "Kafka-Session-Timeout-Ms must be between 6000 and 1800000 (the brokers'"
              + " group session limits), got "
              + session);
    }
    return new ConsumerSettings(autoCommit, interval, reset, (int) session);
  }

  private static long number(String value, String name, long defaultValue) {
    if (value == null) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw GatewayException.badRequest(
        name + " must be a non-negative number of milliseconds, got " + value);
  }
}
