package io.serverlesskafka.operator.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration and byte-size strings of the API (formats in
 * io.serverlesskafka.api.v1alpha1.Patterns).
 */
public final class Quantities {
  private static final Pattern DURATION = Pattern.compile("^([0-9]+)(ms|s|m|h|d)$");
  private static final Pattern BYTES =
      Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|K|M|G|T|P)?$");

  private Quantities() {}

  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration (expected e.g. 30s, 15m, 7d): " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** Kafka's retention.ms: -1 keeps records for ever. */
  public static long retentionMillis(String text) {
    return "-1".equals(text.trim()) ? -1 : parseDuration(text).toMillis();
  }

  /** Kafka's retention.bytes: -1 means no size limit. */
  public static long retentionBytes(String text) {
    return "-1".equals(text.trim()) ? -1 : parseBytes(text);
  }

  public static long parseBytes(String text) {
    Matcher m = BYTES.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a byte quantity (expected e.g. 10Gi): " + text);
    }
    BigDecimal n = new BigDecimal(m.group(1));
    long unit =
        m.group(2) == null
            ? 1
            : switch (m.group(2)) {
              case "Ki" -> 1L << 10;
              case "Mi" -> 1L << 20;
              case "Gi" -> 1L << 30;
              case "Ti" -> 1L << 40;
              case "Pi" -> 1L << 50;
              case "K" -> 1_000L;
              case "M" -> 1_000_000L;
              case "G" -> 1_000_000_000L;
              case "T" -> 1_000_000_000_000L;
              default -> 1_000_000_000_000_000L;
            };
    return n.multiply(BigDecimal.valueOf(unit)).longValueExact();
  }

  public static long mibPerSecondToBytes(double mibps) {
    return Math.round(mibps * 1024 * 1024);
  }
}
