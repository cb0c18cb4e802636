package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations written in {@code ServerlessKafka.spec.autoscaling}: {@code 90s}, {@code
 * 15m}, {@code 1h}, {@code 1h30m}, {@code 0}. Kubernetes users write durations this way (as in HPA
 * behaviour and Go's time.ParseDuration), so the CRD, the YAML file of {@code simulate} and the
 * flags share it.
 */
public final class DurationParser {
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private DurationParser() {}

  /**
   * @throws IllegalArgumentException with a message that says what is accepted
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("duration is missing (use e.g. 60s, 15m, 1h)");
    }
    String trimmed = text.trim();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration (use a number with a unit: 500ms, 60s, 15m, 1h, 1h30m)");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
    }
    return total;
  }

  /** The inverse of {@link #parse} for messages and docs: the shortest form, e.g. {@code 15m}. */
  public static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (duration.toMillisPart() != 0 || seconds == 0 && !duration.isZero()) {
      return duration.toMillis() + "ms";
    }
    if (seconds == 0) {
      return "0s";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
