package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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

  /**
   * A window as it was stored ({@link #samples()}): the samples are added again in order, so a
   * restored window keeps the same ones and the same time-order check as the original.
   */
  public static MetricsWindow restore(Duration length, List<Sample> samples) {
    MetricsWindow window = new MetricsWindow(length);
    samples.forEach(sample -> window.add(sample.time(), sample.load()));
    return window;
  }

  public Duration length() {
    return length;
  }

  /** The samples in the window, oldest first. */
  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /**
   * Adds a sample and forgets those that fell out of the window (older than {@code time - length}).
   */
  public void add(Instant time, ClusterLoad load) {
    if (!samples.isEmpty() && time.isBefore(samples.peekLast().time())) {
      throw new IllegalArgumentException(
          "samples must arrive in time order: " + time + " after " + samples.peekLast().time());
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
