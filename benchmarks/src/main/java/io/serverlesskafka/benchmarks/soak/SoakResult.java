package io.serverlesskafka.benchmarks.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a soak measured, and the bounds it is judged by. The bounds leave room for a shared, noisy
 * machine: RSS is compared after a full GC in the operator at both ends, latency by the p95 of
 * whole thirds of the run, threads after everything is deleted.
 */
record SoakResult(
    double minutes,
    int tenants,
    int operations,
    int failedOperations,
    OperatorProbe.Sample baseline,
    Map<String, Integer> baselineTracked,
    List<OperatorProbe.Sample> samples,
    OperatorProbe.Sample end,
    List<OperatorProbe.Histogram> thirds,
    Map<String, Integer> tracked,
    boolean topicsGone,
    String extraCluster) {
  /**
   * Threads the operator may hold beyond the baseline once everything is deleted: pools that grow
   * lazily and keep their threads, chiefly the Java Operator SDK's reconciler pool (up to
   * concurrentReconciliationThreads, 50; seen going from 8 to 50) and the HTTP clients' pools
   * (about 10). A thread per topic would exceed it (a 3-minute soak creates about 160 topics); a
   * cluster's leaked Admin client is caught by the exact count of Admin threads.
   */
  static final int THREAD_BOUND = 60;

  /**
   * RSS growth allowed after a full GC: the heap may stay committed (SerialGC gives little back)
   * and code caches fill.
   */
  static final long RSS_SLACK_KIB = 96 * 1024;

  /** Entries a map may keep for the one cluster left (kafka/shared). */
  static final int PER_CLUSTER = 1;

  /**
   * Event names of the remaining cluster that may be new since the baseline (say, a scaling
   * message).
   */
  static final int EVENT_SLACK = 5;

  /** What exceeds its bound; empty when the soak stayed flat and everything shrank back. */
  List<String> problems() {
    List<String> p = new ArrayList<>();
    if (!topicsGone) {
      p.add("topics still there 2 minutes after their deletion");
    }
    if (end.threads() > baseline.threads() + THREAD_BOUND) {
      p.add(
          "threads grew from "
              + baseline.threads()
              + " to "
              + end.threads()
              + ": "
              + threadGrowth());
    }
    if (end.adminThreads() > PER_CLUSTER) {
      p.add(end.adminThreads() + " Admin client threads left for one cluster");
    }
    if (end.rssKiB() > baseline.rssKiB() + RSS_SLACK_KIB) {
      p.add(
          "RSS after GC grew from "
              + (baseline.rssKiB() >> 10)
              + " MiB to "
              + (end.rssKiB() >> 10)
              + " MiB");
    }
    double first = p95(0);
    double last = p95(2);
    if (!Double.isNaN(first) && !Double.isNaN(last) && last > Math.max(2 * first, first + 0.25)) {
      p.add(
          String.format(
              Locale.ROOT,
              "reconcile p95 went from %.3f s (first third) to %.3f s (last third)",
              first,
              last));
    }
    tracked.forEach(
        (map, size) -> {
          int allowed =
              switch (map) {
                case "topic_states", "partition_leaders" -> 0;
                case "event_names" -> baselineTracked.getOrDefault(map, 0) + EVENT_SLACK;
                default -> PER_CLUSTER;
              };
          if (size > allowed) {
            p.add(map + " keeps " + size + " entries (at most " + allowed + " for what is left)");
          }
        });
    return p;
  }

  double p95(int third) {
    return thirds.get(third).quantile(0.95);
  }

  /** Median RSS of the samples in one third of the run. */
  long medianRssKiB(int third) {
    int n = samples.size();
    List<Long> rss =
        samples.subList(third * n / 3, Math.max(third * n / 3 + 1, (third + 1) * n / 3)).stream()
            .map(OperatorProbe.Sample::rssKiB)
            .sorted()
            .toList();
    return rss.get(rss.size() / 2);
  }

  /** Thread groups whose count changed between the baseline and the end. */
  String threadGrowth() {
    java.util.Set<String> names = new java.util.TreeSet<>(baseline.threadGroups().keySet());
    names.addAll(end.threadGroups().keySet());
    List<String> changed = new ArrayList<>();
    for (String n : names) {
      int before = baseline.threadGroups().getOrDefault(n, 0);
      int after = end.threadGroups().getOrDefault(n, 0);
      if (before != after) {
        changed.add(n + " " + before + "→" + after);
      }
    }
    return changed.isEmpty() ? "none" : String.join(", ", changed);
  }

  int maxThreads() {
    return samples.stream().mapToInt(OperatorProbe.Sample::threads).max().orElse(0);
  }

  String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "soak: %.1f min, %d tenants, %d topic operations (%d failed), extra cluster: %s%n%n",
            minutes,
            tenants,
            operations,
            failedOperations,
            extraCluster));
    b.append("| | first third | middle third | last third |\n|---|---|---|---|\n");
    b.append(
        String.format(
            Locale.ROOT,
            "| reconciles | %.0f | %.0f | %.0f |%n",
            thirds.get(0).count(),
            thirds.get(1).count(),
            thirds.get(2).count()));
    b.append(
        String.format(
            Locale.ROOT,
            "| reconcile p50 (s) | %.3f | %.3f | %.3f |%n",
            thirds.get(0).quantile(0.5),
            thirds.get(1).quantile(0.5),
            thirds.get(2).quantile(0.5)));
    b.append(
        String.format(
            Locale.ROOT, "| reconcile p95 (s) | %.3f | %.3f | %.3f |%n", p95(0), p95(1), p95(2)));
    b.append(
        String.format(
            Locale.ROOT,
            "| median RSS (MiB) | %d | %d | %d |%n",
            medianRssKiB(0) >> 10,
            medianRssKiB(1) >> 10,
            medianRssKiB(2) >> 10));
    b.append(
        "\n| operator | baseline (after GC) | end, all topics and the extra cluster deleted (after GC) |\n|---|---|---|\n");
    b.append(
        String.format(
            Locale.ROOT, "| RSS (MiB) | %d | %d |%n", baseline.rssKiB() >> 10, end.rssKiB() >> 10));
    b.append(
        String.format(
            Locale.ROOT,
            "| threads | %d | %d (max during the run %d) |%n",
            baseline.threads(),
            end.threads(),
            maxThreads()));
    b.append(
        String.format(
            Locale.ROOT,
            "| Admin client threads | %d | %d |%n",
            baseline.adminThreads(),
            end.adminThreads()));
    tracked.forEach(
        (map, size) ->
            b.append(
                String.format(
                    Locale.ROOT,
                    "| tracked entries `%s` | %d | %d |%n",
                    map,
                    baselineTracked.getOrDefault(map, 0),
                    size)));
    b.append("\nthread groups that changed: ").append(threadGrowth()).append('\n');
    List<String> problems = problems();
    b.append(
        problems.isEmpty()
            ? "\nflat: every bound held\n"
            : "\nPROBLEMS:\n  " + String.join("\n  ", problems) + "\n");
    return b.toString();
  }
}
