package io.serverlesskafka.autoscaler.simulation;

/**
 * The readiness model's timings, the starting size and how much data the brokers hold.
 *
 * @param provisionSeconds from asking for a broker until it serves load (default 120)
 * @param drainSeconds from asking to remove a broker until it stops serving and stops being paid
 *     (default 300)
 * @param initialBrokers brokers serving at time 0 (default: brokers.min)
 * @param retentionSeconds how long written data stays: the cluster stores the ingress of the last
 *     {@code retentionSeconds} (replicas included, as ingress counts them), spread evenly over its
 *     brokers; a scale-up moves their share onto the new brokers, a scale-down moves the removed
 *     brokers' data off (default 3600; 0 = brokers hold nothing, scalings move nothing)
 */
public record SimulationSettings(
    long provisionSeconds, long drainSeconds, int initialBrokers, long retentionSeconds) {
  public static final long DEFAULT_PROVISION_SECONDS = 120;
  public static final long DEFAULT_DRAIN_SECONDS = 300;
  public static final long DEFAULT_RETENTION_SECONDS = 3600;

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
    if (retentionSeconds < 0) {
      throw new IllegalArgumentException("retentionSeconds must be >= 0, was " + retentionSeconds);
    }
  }

  /** The readiness model without the stored data (the default retention). */
  public SimulationSettings(long provisionSeconds, long drainSeconds, int initialBrokers) {
    this(provisionSeconds, drainSeconds, initialBrokers, DEFAULT_RETENTION_SECONDS);
  }

  public static SimulationSettings defaults(int initialBrokers) {
    return new SimulationSettings(
        DEFAULT_PROVISION_SECONDS,
        DEFAULT_DRAIN_SECONDS,
        initialBrokers,
        DEFAULT_RETENTION_SECONDS);
  }
}
