package io.serverlesskafka.operator.rebalance;

import java.time.Duration;

/**
 * How a plan is executed.
 *
 * @param maxMovesPerBroker moves that may involve one broker (as source or destination) at the same
 *     time
 * @param throttleBytesPerSecond replication throttle on the brokers involved while the plan runs; 0
 *     when unknown
 * @param stuckTimeout the least time a move is given before it counts as stuck and is cancelled
 *     (its partition keeps its replicas); larger partitions get more, see {@link #stuckLimit(long)}
 * @param pollInterval how often progress is checked
 */
public record ExecutorSettings(
    int maxMovesPerBroker,
    long throttleBytesPerSecond,
    Duration stuckTimeout,
    Duration pollInterval) {
  public static final int DEFAULT_MAX_MOVES_PER_BROKER = 5;

  /**
   * Floor of the stuck limit: what a small partition gets (leader changes, a slow broker start).
   */
  public static final Duration DEFAULT_STUCK_TIMEOUT = Duration.ofMinutes(10);

  /**
   * How much longer than its expected copy time a move may run: room for ingress and uneven
   * sharing.
   */
  static final int STUCK_MARGIN = 2;

  public ExecutorSettings {
    if (maxMovesPerBroker < 1) {
      throw new IllegalArgumentException("maxMovesPerBroker must be at least 1");
    }
  }

  public static ExecutorSettings of(double throttleMiBps) {
    return new ExecutorSettings(
        DEFAULT_MAX_MOVES_PER_BROKER,
        Math.round(throttleMiBps * 1024 * 1024),
        DEFAULT_STUCK_TIMEOUT,
        Duration.ofSeconds(1));
  }

  /**
   * How long a move of a partition of this size may run before it counts as stuck: its copy at its
   * share of the throttle (a broker's rate is shared by up to {@link #maxMovesPerBroker} moves),
   * times {@link #STUCK_MARGIN}, and never less than {@link #stuckTimeout}. A fixed limit would
   * cancel every move of a large partition, throwing its copy away, and a drain of a big broker
   * would never end.
   */
  public Duration stuckLimit(long sizeBytes) {
    if (throttleBytesPerSecond <= 0 || sizeBytes <= 0) {
      return stuckTimeout;
    }
    double shareBytesPerSecond = (double) throttleBytesPerSecond / maxMovesPerBroker;
    double seconds = Math.ceil(sizeBytes / shareBytesPerSecond) * STUCK_MARGIN;
    Duration expected =
        seconds >= Long.MAX_VALUE / 2
            ? Duration.ofSeconds(Long.MAX_VALUE / 2)
            : Duration.ofSeconds((long) seconds);
    return expected.compareTo(stuckTimeout) > 0 ? expected : stuckTimeout;
  }
}
