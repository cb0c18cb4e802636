package io.serverlesskafka.autoscaler.simulation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the simulator moves from sample to sample: replaying a day takes milliseconds, not a day.
 */
public final class SimulationClock extends Clock {
  private Instant now;

  public SimulationClock(Instant start) {
    this.now = start;
  }

  public void set(Instant time) {
    now = time;
  }

  public void advance(java.time.Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulation clock is UTC only");
  }
}
