package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.time.Instant;

/**
 * What the LeadTime policy remembers about dips (stretches where fewer brokers would have done), so
 * that a cluster does not flap at the rhythm of its load. A scale-down that had to be undone within
 * its regret window teaches a wait: the next scale-down waits 1.5 × that dip's length. A dip that
 * the learned wait rode out refreshes the lesson. The lesson halves every {@code dipMemory}, so a
 * cluster whose rhythm changed is not held forever.
 */
public final class DipMemory {
  /** How much longer than the last regretted (or ridden-out) dip the next wait is. */
  static final double MARGIN = 1.5;

  private Instant lowSince;
  private Instant lastDownAt;
  private Duration lastDownWait;
  private Duration learned = Duration.ZERO;
  private Instant learnedAt;

  public DipMemory() {}

  /** As stored: any field may be null (a state written before dips were remembered). */
  public DipMemory(
      Instant lowSince,
      Instant lastDownAt,
      Duration lastDownWait,
      Duration learned,
      Instant learnedAt) {
    this.lowSince = lowSince;
    this.lastDownAt = lastDownAt;
    this.lastDownWait = lastDownWait;
    this.learned = learned == null ? Duration.ZERO : learned;
    this.learnedAt = learnedAt;
  }

  public Instant lowSince() {
    return lowSince;
  }

  public Instant lastDownAt() {
    return lastDownAt;
  }

  public Duration lastDownWait() {
    return lastDownWait;
  }

  public Duration learned() {
    return learned;
  }

  public Instant learnedAt() {
    return learnedAt;
  }

  /** The learned wait now: halved every {@code halfLife} since it was learned. */
  public Duration wait(Instant now, Duration halfLife) {
    if (learnedAt == null || learned.isZero()) {
      return Duration.ZERO;
    }
    double age = Math.max(0, Duration.between(learnedAt, now).toMillis());
    double factor = halfLife.isZero() ? 0 : Math.pow(0.5, age / halfLife.toMillis());
    return Duration.ofMillis(Math.round(learned.toMillis() * factor));
  }

  /**
   * Called every evaluation with whether fewer brokers would do now. When a dip ends without a
   * scale-down and lasted at least {@code baseWait}, only the learned wait kept the brokers: the
   * lesson still holds, refresh it.
   */
  void track(Instant now, boolean low, Duration baseWait, Duration halfLife) {
    if (low) {
      if (lowSince == null) {
        lowSince = now;
      }
      return;
    }
    if (lowSince != null) {
      Duration dip = Duration.between(lowSince, now);
      if (dip.compareTo(baseWait) >= 0 && !wait(now, halfLife).isZero()) {
        learn(now, dip, halfLife);
      }
      lowSince = null;
    }
  }

  void onScaleDown(Instant now, Duration waited) {
    lastDownAt = now;
    lastDownWait = waited;
    lowSince = null;
  }

  /**
   * A scale-up within {@code regretWindow} of the last scale-down undid it: the dip lasted the wait
   * before the removal plus the time since. The next scale-down waits longer than that.
   */
  void onScaleUp(Instant now, Duration regretWindow, Duration halfLife) {
    if (lastDownAt != null && Duration.between(lastDownAt, now).compareTo(regretWindow) < 0) {
      Duration dip =
          Duration.between(lastDownAt, now)
              .plus(lastDownWait == null ? Duration.ZERO : lastDownWait);
      learn(now, dip, halfLife);
    }
    lastDownAt = null;
    lastDownWait = null;
    lowSince = null;
  }

  private void learn(Instant now, Duration dip, Duration halfLife) {
    Duration lesson = Duration.ofMillis(Math.round(dip.toMillis() * MARGIN));
    Duration current = wait(now, halfLife);
    learned = lesson.compareTo(current) > 0 ? lesson : current;
    learnedAt = now;
  }
}
