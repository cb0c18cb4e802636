package io.serverlesskafka.autoscaler.simulation;

/**
 * The readiness model's timings and the starting size.
 *
 * @param provisionSeconds from asking for a broker until it serves load (default 120)
 * @param drainSeconds from asking to remove a broker until it stops serving and stops being paid (default 300)
 * @param initialBrokers brokers serving at time 0 (default: brokers.min)
 */
public record SimulationSettings(long provisionSeconds, long drainSeconds, int initialBrokers) {
  public static final long DEFAULT_PROVISION_SECONDS = 120;
  public static final long DEFAULT_DRAIN_SECONDS = 300;

  public SimulationSettings {
    if (provisionSeconds < 0) {
      throw new IllegalArgumentException("provisionSeconds must be >= 0, was " + provisionSeconds);
    }
    if (drainSeconds < 0) {
      throw new IllegalArgumentException("drainSeconds must be >= 0, was " + drainSeconds);
    }
    if (initialBrokers < 1) {
      throw new IllegalArgumentException("initial brokers must be >= 1, was " + initialBrokers);
    }
  }

  public static SimulationSettings defaults(int initialBrokers) {
    return new SimulationSettings(DEFAULT_PROVISION_SECONDS, DEFAULT_DRAIN_SECONDS, initialBrokers);
  }
}
