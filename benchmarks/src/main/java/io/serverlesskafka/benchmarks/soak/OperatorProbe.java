package io.serverlesskafka.benchmarks.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads an operator process from outside, as a node's monitoring would: RSS and threads from {@code
 * /proc/<pid>/status}, Admin client threads from {@code /proc/<pid>/task/}, and its /metrics.
 */
public final class OperatorProbe {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s+(\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private final long pid;
  private final int metricsPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public OperatorProbe(long pid, int metricsPort) {
    this.pid = pid;
    this.metricsPort = metricsPort;
  }

  /**
   * One look at the process. Thread groups are thread names as the kernel keeps them (15 bytes)
   * without their trailing number, so that a pool's threads count together.
   */
  public record Sample(
      long atMillis,
      long rssKiB,
      int threads,
      int adminThreads,
      Map<String, Integer> threadGroups) {
    int group(String prefix) {
      return threadGroups.entrySet().stream()
          .filter(e -> e.getKey().startsWith(prefix))
          .mapToInt(Map.Entry::getValue)
          .sum();
    }
  }

  public Sample sample() {
    Map<String, String> status = new TreeMap<>();
    try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
      lines.forEach(
          l -> {
            int colon = l.indexOf(':');
            if (colon > 0) {
              status.put(l.substring(0, colon), l.substring(colon + 1).trim());
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("the operator process " + pid + " is gone", e);
    }
    long rss = Long.parseLong(status.getOrDefault("VmRSS", "0 kB").split("\\s+")[0]);
    int threads = Integer.parseInt(status.getOrDefault("Threads", "0"));
    Map<String, Integer> groups = threadGroups();
    return new Sample(
        System.currentTimeMillis(),
        rss,
        threads,
        groups.getOrDefault("kafka-admin-cli", 0),
        groups);
  }

  /**
   * A sample after a full GC in the operator ({@code jcmd <pid> GC.run}, twice, 2 s apart): what is
   * left is what the operator holds, not garbage the collector had no reason to reclaim yet.
   */
  public Sample sampleAfterGc() {
    for (int i = 0; i < 2; i++) {
      try {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor();
      } catch (IOException e) {
        throw new UncheckedIOException("jcmd GC.run failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      SoakCommand.sleep(2000);
    }
    return sample();
  }

  /**
   * Threads by name without the trailing number; Kafka Admin clients' network threads are
   * "kafka-admin-cli".
   */
  private Map<String, Integer> threadGroups() {
    Map<String, Integer> groups = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      tasks.forEach(
          t -> {
            try {
              groups.merge(
                  Files.readString(t.resolve("comm")).strip().replaceAll("[-_ ]?[0-9]+$", ""),
                  1,
                  Integer::sum);
            } catch (IOException gone) {
              // the thread ended while listed
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return groups;
  }

  public String metrics() {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + metricsPort + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the operator's /metrics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** serverless_kafka_operator_tracked_entries by map. */
  Map<String, Integer> trackedEntries() {
    Map<String, Integer> sizes = new TreeMap<>();
    forEachSample(
        metrics(),
        "serverless_kafka_operator_tracked_entries",
        (labels, value) -> sizes.put(labels.get("map"), value.intValue()));
    return sizes;
  }

  /**
   * The reconcile and cleanup duration histogram, summed over controllers, operations and results.
   */
  Histogram reconcileLatency() {
    Map<Double, Double> buckets = new TreeMap<>();
    forEachSample(
        metrics(),
        "serverless_kafka_reconciliation_duration_seconds_bucket",
        (labels, value) -> buckets.merge(number(labels.get("le")), value, Double::sum));
    return new Histogram(buckets);
  }

  public static void forEachSample(
      String text, String name, java.util.function.BiConsumer<Map<String, String>, Double> action) {
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.find() && m.group(1).equals(name)) {
        Map<String, String> labels = new TreeMap<>();
        if (m.group(3) != null) {
          Matcher l = LABEL.matcher(m.group(3));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        action.accept(labels, number(m.group(4)));
      }
    }
  }

  /** A number of the text format, where infinities are +Inf and -Inf. */
  static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** Cumulative bucket counts by upper bound (+Inf included). */
  record Histogram(Map<Double, Double> cumulative) {
    Histogram minus(Histogram earlier) {
      Map<Double, Double> d = new TreeMap<>();
      cumulative.forEach((le, c) -> d.put(le, c - earlier.cumulative.getOrDefault(le, 0.0)));
      return new Histogram(d);
    }

    double count() {
      return cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    }

    /**
     * As Prometheus's histogram_quantile: linear within the bucket holding the quantile; NaN
     * without samples.
     */
    double quantile(double q) {
      double total = count();
      if (total <= 0) {
        return Double.NaN;
      }
      double lowerBound = 0;
      double below = 0;
      for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
        if (e.getValue() >= q * total) {
          if (e.getKey().isInfinite()) {
            return lowerBound; // beyond the largest finite bucket: its bound is all that is known
          }
          double inBucket = e.getValue() - below;
          return lowerBound
              + (e.getKey() - lowerBound) * (inBucket == 0 ? 1 : (q * total - below) / inBucket);
        }
        lowerBound = e.getKey();
        below = e.getValue();
      }
      return Double.NaN;
    }
  }
}
