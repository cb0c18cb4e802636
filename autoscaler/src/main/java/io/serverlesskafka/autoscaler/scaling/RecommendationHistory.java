package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Broker counts recommended at each evaluation, kept as long as the longest stabilization window.
 * The stabilization rules ("needed for 60 s", "enough for 8 min, using the highest count seen")
 * read it.
 */
public final class RecommendationHistory {
  /** One recommendation. */
  public record Entry(Instant time, int brokers) {}

  private final Duration retention;
  private final Deque<Entry> entries = new ArrayDeque<>();

  public RecommendationHistory(Duration retention) {
    this.retention = retention;
  }

  /** A history as it was stored ({@link #entries()}), its entries added again in order. */
  public static RecommendationHistory restore(Duration retention, List<Entry> entries) {
    RecommendationHistory history = new RecommendationHistory(retention);
    entries.forEach(entry -> history.add(entry.time(), entry.brokers()));
    return history;
  }

  public Duration retention() {
    return retention;
  }

  /** The recommendations kept, oldest first. */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  public void add(Instant time, int brokers) {
    entries.addLast(new Entry(time, brokers));
    Instant oldestKept = time.minus(retention);
    // Drop an entry only when the next one is already at or before the edge: a window of exactly
    // `retention` stays covered.
    while (entries.size() > 1 && !second().time().isAfter(oldestKept)) {
      entries.removeFirst();
    }
  }

  private Entry second() {
    Iterator<Entry> it = entries.iterator();
    it.next();
    return it.next();
  }

  /**
   * Start of the run of newest entries that all satisfy {@code condition}, not looking before
   * {@code notBefore}: "since when has a higher count been needed without interruption". A gap
   * longer than {@code maxGap} between two entries (rounds whose metrics could not be read) also
   * interrupts the run: time without evidence is not time the condition held.
   */
  public Optional<Instant> runStart(IntPredicate condition, Instant notBefore, Duration maxGap) {
    Instant start = null;
    for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.time().isBefore(notBefore)
          || !condition.test(entry.brokers())
          || (start != null && Duration.between(entry.time(), start).compareTo(maxGap) > 0)) {
        break;
      }
      start = entry.time();
    }
    return Optional.ofNullable(start);
  }

  /** Lowest count recommended at or after {@code from}. */
  public int minSince(Instant from) {
    int min = Integer.MAX_VALUE;
    for (Entry entry : entries) {
      if (!entry.time().isBefore(from)) {
        min = Math.min(min, entry.brokers());
      }
    }
    return min;
  }

  /** Highest count recommended at or after {@code from}. */
  public int maxSince(Instant from) {
    int max = Integer.MIN_VALUE;
    for (Entry entry : entries) {
      if (!entry.time().isBefore(from)) {
        max = Math.max(max, entry.brokers());
      }
    }
    return max;
  }

  public int size() {
    return entries.size();
  }
}
