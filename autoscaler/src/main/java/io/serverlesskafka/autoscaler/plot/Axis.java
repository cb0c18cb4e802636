package io.serverlesskafka.autoscaler.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tick positions a reader can add up at a glance: 1, 2 or 5 times a power of ten, or whole time
 * units.
 */
final class Axis {
  private static final long[] TIME_STEPS = {
    10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
    1209600
  };

  private Axis() {}

  /**
   * The top of a value axis: the first nice step multiple at or above {@code max} (1 when all is
   * 0).
   */
  static double niceMax(double max) {
    if (!(max > 0) || Double.isInfinite(max)) {
      return 1;
    }
    double step = niceStep(max / 5);
    return Math.ceil(max / step - 1e-9) * step;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= raw * (1 - 1e-9)) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  /** Ticks 0, step, 2 step ... up to {@code top}, at most about six of them. */
  static List<Double> valueTicks(double top) {
    double step = niceStep(top / 6);
    List<Double> ticks = new ArrayList<>();
    for (int i = 0; i * step <= top * (1 + 1e-9); i++) {
      ticks.add(i * step);
    }
    return ticks;
  }

  /** Whole-unit time ticks (seconds) over [start, end], at most about ten. */
  static List<Long> timeTicks(long start, long end) {
    long span = Math.max(1, end - start);
    long step = TIME_STEPS[TIME_STEPS.length - 1];
    for (long candidate : TIME_STEPS) {
      if (span / candidate <= 10) {
        step = candidate;
        break;
      }
    }
    List<Long> ticks = new ArrayList<>();
    for (long t = (start + step - 1) / step * step; t <= end; t += step) {
      ticks.add(t);
    }
    return ticks;
  }

  /** 90s, 15m, 2h, 1d 6h: the spelling of the CRD's durations. */
  static String time(long seconds) {
    if (seconds == 0) {
      return "0";
    }
    if (seconds % 86400 == 0) {
      return seconds / 86400 + "d";
    }
    if (seconds >= 86400) {
      return seconds / 86400 + "d " + (seconds % 86400) / 3600 + "h";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds >= 3600) {
      return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02d", (seconds % 3600) / 60);
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  static String value(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.0f" : "%.1f", v);
  }
}
