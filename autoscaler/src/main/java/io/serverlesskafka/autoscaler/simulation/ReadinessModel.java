package io.serverlesskafka.autoscaler.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared readiness model ({@code docs/autoscaler.md}): a broker added at time t serves load
 * from t + provisionSeconds (pod start plus moving data onto it); a broker removed at time t stops
 * serving at t + drainSeconds and is paid for until then. Removal takes the newest brokers first,
 * as Strimzi removes the highest node IDs. A scale-up while brokers drain adds new brokers (drains
 * are not cancelled).
 */
public final class ReadinessModel {
  private static final long NEVER = Long.MAX_VALUE;

  /** One broker's life: paid from addedAt, serves in [readyAt, stopAt), paid until stopAt. */
  private static final class Broker {
    final long addedAt;
    final long readyAt;
    long stopAt = NEVER;

    Broker(long addedAt, long readyAt) {
      this.addedAt = addedAt;
      this.readyAt = readyAt;
    }

    boolean removed() {
      return stopAt != NEVER;
    }
  }

  private final long provisionSeconds;
  private final long drainSeconds;
  private final List<Broker> brokers = new ArrayList<>();

  /** Starts with {@code initialBrokers} brokers that already serve at time 0. */
  public ReadinessModel(long provisionSeconds, long drainSeconds, int initialBrokers) {
    if (provisionSeconds < 0 || drainSeconds < 0) {
      throw new IllegalArgumentException("provisionSeconds and drainSeconds must be >= 0");
    }
    this.provisionSeconds = provisionSeconds;
    this.drainSeconds = drainSeconds;
    for (int i = 0; i < initialBrokers; i++) {
      brokers.add(new Broker(Long.MIN_VALUE, Long.MIN_VALUE));
    }
  }

  /** Brokers asked for: added and not removed. */
  public int requested() {
    int count = 0;
    for (Broker broker : brokers) {
      if (!broker.removed()) {
        count++;
      }
    }
    return count;
  }

  /** Brokers serving load at {@code time}. */
  public int ready(long time) {
    int count = 0;
    for (Broker broker : brokers) {
      if (broker.readyAt <= time && time < broker.stopAt) {
        count++;
      }
    }
    return count;
  }

  /** Brokers paid for at {@code time}: added, and not yet past the end of their drain. */
  public int paid(long time) {
    int count = 0;
    for (Broker broker : brokers) {
      if (broker.addedAt <= time && time < broker.stopAt) {
        count++;
      }
    }
    return count;
  }

  /** True while an added broker is not serving yet or a removed one is still draining. */
  public boolean settling(long time) {
    for (Broker broker : brokers) {
      boolean provisioning = !broker.removed() && broker.readyAt > time;
      boolean draining = broker.removed() && broker.stopAt > time;
      if (provisioning || draining) {
        return true;
      }
    }
    return false;
  }

  /** Requests {@code target} brokers at {@code time}. */
  public void scaleTo(int target, long time) {
    int current = requested();
    for (int i = current; i < target; i++) {
      brokers.add(new Broker(time, time + provisionSeconds));
    }
    int toRemove = current - target;
    for (int i = brokers.size() - 1; i >= 0 && toRemove > 0; i--) {
      Broker broker = brokers.get(i);
      if (!broker.removed()) {
        broker.stopAt = time + drainSeconds;
        toRemove--;
      }
    }
    // Forget brokers whose drain ended long ago, so long simulations stay fast.
    brokers.removeIf(broker -> broker.removed() && broker.stopAt < time - drainSeconds);
  }
}
