package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The recent cluster load samples over a sliding time window. Sizing uses their average: one noisy
 * sample (a burst of a few seconds) must not move brokers, which take minutes to add or drain.
 */
public final class MetricsWindow {
  /** One cluster-wide load observation. */
  public record Sample(Instant time, ClusterLoad load) {}

  private final Duration length;
  private final Deque<Sample> samples = new ArrayDeque<>();

  public MetricsWindow(Duration length) {
    this.length = length;
  }

  /** Adds a sample and forgets those that fell out of the window (older than {@code time - length}). */
  public void add(Instant time, ClusterLoad load) {
    if (!samples.isEmpty() && time.isBefore(samples.peekLast().time())) {
      throw new IllegalArgumentException("samples must arrive in time order: " + time + " after " + samples.peekLast().time());
    }
    samples.addLast(new Sample(time, load));
    Instant oldestKept = time.minus(length);
    while (samples.size() > 1 && !samples.peekFirst().time().isAfter(oldestKept)) {
      samples.removeFirst();
    }
  }

  public boolean isEmpty() {
    return samples.isEmpty();
  }

  public int size() {
    return samples.size();
  }

  /** Time-unweighted mean of the samples in the window (samples are evenly spaced in practice). */
  public Optional<ClusterLoad> average() {
    if (samples.isEmpty()) {
      return Optional.empty();
    }
    ClusterLoad sum = ClusterLoad.ZERO;
    for (Sample sample : samples) {
      sum = sum.plus(sample.load());
    }
    return Optional.of(sum.dividedBy(samples.size()));
  }

  public Optional<Sample> latest() {
    return Optional.ofNullable(samples.peekLast());
  }
}
