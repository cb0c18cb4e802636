package io.serverlesskafka.autoscaler.scaling;

/** Why a decision was taken; also the reason of the Kubernetes Event the operator publishes. */
public enum DecisionReason {
  /** Busiest resource within the tolerance around the target: small wobbles do nothing. */
  WITHIN_DEAD_BAND,
  /** Outside the dead band, but the current count is already the fewest that meets the target. */
  RIGHT_SIZED,
  /** More brokers are needed but the count is at {@code brokers.max}. */
  AT_MAX_BROKERS,
  /** Fewer brokers would do but the count is at {@code brokers.min}. */
  AT_MIN_BROKERS,
  /** Partitions are being moved: capacity is in flux, a scaling now would race with the move. */
  REASSIGNMENT_IN_PROGRESS,
  /**
   * The previous scaling has not settled (not all requested brokers serve, or some still drain).
   */
  SCALING_IN_PROGRESS,
  /** The requested count is outside [min, max] (settings changed): brought back within bounds. */
  OUTSIDE_BOUNDS,
  /** A higher count is needed, but not yet for the whole scale-up stabilization window. */
  SCALE_UP_STABILIZING,
  /** A higher count was needed for the whole scale-up stabilization window. */
  SCALE_UP,
  /** Load exceeds the serving brokers' capacity: scaling up without waiting for stabilization. */
  SCALE_UP_SATURATED,
  /**
   * LeadTime: what may arrive before a new broker serves (level + growth × provision time + noise)
   * exceeds the requested brokers' full capacity: scaling up without waiting.
   */
  SCALE_UP_FORECAST,
  /**
   * LeadTime: the latest sample already exceeds {@code maxUtilization} of the requested brokers
   * (the load moved faster than the forecast): scaling up without waiting, to the count that brings
   * it back within the ceiling.
   */
  SCALE_UP_MEASURED,
  /** A lower count is enough, but not yet for the whole scale-down stabilization window. */
  SCALE_DOWN_STABILIZING,
  /**
   * The window averages have allowed fewer brokers for the whole scale-down window, but the latest
   * samples have needed the current count throughout the scale-up window: the averages lag a load
   * that came back.
   */
  LOAD_RISING,
  /**
   * A lower count was enough for the whole scale-down window; the highest recommendation of its
   * averages is used.
   */
  SCALE_DOWN,
  /**
   * Not the policy's: Strimzi refused to remove brokers (they hold replicas again, e.g. a partition
   * created after their drain) or has not removed them for long; they are drained again (the
   * operator's scale-down recovery).
   */
  SCALE_DOWN_REFUSED,
  /**
   * Not the policy's: a refused scale-down drained again still refused; the pool is set back to the
   * brokers that run.
   */
  SCALE_DOWN_ABANDONED
}
