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
 * The broker count the forecast needed, as a step function of time: an entry is kept only when the
 * count changes, so hours of history (the scale-down wait can grow that long) stay a handful of
 * entries in the state ConfigMap. Time without evaluations (metrics could not be read, the operator
 * was down) is recorded as {@link #UNKNOWN}, which no "fewer brokers were enough" run can span.
 */
public final class NeedHistory {
  /** A count that holds from {@code time} until the next entry (or {@link #lastSeen()}). */
  public record Entry(Instant time, int brokers) {}

  /** What a stretch without evidence counts as: more than any cluster has. */
  public static final int UNKNOWN = Integer.MAX_VALUE;

  private final Duration retention;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private Instant lastSeen;

  public NeedHistory(Duration retention) {
    this.retention = retention;
  }

  /** A history as it was stored ({@link #entries()}, {@link #lastSeen()}). */
  public static NeedHistory restore(Duration retention, List<Entry> entries, Instant lastSeen) {
    NeedHistory history = new NeedHistory(retention);
    history.entries.addAll(entries);
    history.lastSeen = lastSeen;
    return history;
  }

  public Duration retention() {
    return retention;
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Time of the latest evaluation recorded; null when empty. */
  public Instant lastSeen() {
    return lastSeen;
  }

  /**
   * Records the count needed at {@code time}; a gap longer than {@code maxGap} since the last one
   * is unknown.
   */
  public void add(Instant time, int brokers, Duration maxGap) {
    if (lastSeen != null && time.isBefore(lastSeen)) {
      throw new IllegalArgumentException(
          "needs must arrive in time order: " + time + " after " + lastSeen);
    }
    if (lastSeen != null && Duration.between(lastSeen, time).compareTo(maxGap) > 0) {
      append(lastSeen, UNKNOWN);
    }
    append(time, brokers);
    lastSeen = time;
    Instant oldestKept = time.minus(retention);
    while (entries.size() > 1 && !second().time().isAfter(oldestKept)) {
      entries.removeFirst();
    }
  }

  private void append(Instant time, int brokers) {
    if (entries.isEmpty() || entries.peekLast().brokers() != brokers) {
      entries.addLast(new Entry(time, brokers));
    }
  }

  private Entry second() {
    Iterator<Entry> it = entries.iterator();
    it.next();
    return it.next();
  }

  /**
   * Since when every recorded count satisfies {@code condition} without interruption: "since when
   * have fewer brokers been enough". Empty when the latest count does not.
   */
  public Optional<Instant> runStart(IntPredicate condition) {
    Instant start = null;
    for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (!condition.test(entry.brokers())) {
        break;
      }
      start = entry.time();
    }
    return Optional.ofNullable(start);
  }

  /** Highest count needed at any time in [{@code from}, last seen]. */
  public int maxSince(Instant from) {
    int max = Integer.MIN_VALUE;
    Entry previous = null;
    for (Entry entry : entries) {
      if (previous != null && entry.time().isAfter(from)) {
        max = Math.max(max, previous.brokers());
      }
      previous = entry;
    }
    return previous == null ? max : Math.max(max, previous.brokers());
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
