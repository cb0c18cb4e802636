package io.serverlesskafka.operator.rebalance;

import java.time.Duration;

/**
 * How a plan is executed.
 *
 * @param maxMovesPerBroker moves that may involve one broker (as source or destination) at the same time
 * @param throttleBytesPerSecond replication throttle on the brokers involved while the plan runs
 * @param stuckTimeout a move still running after this long is cancelled (its partition keeps its replicas)
 * @param pollInterval how often progress is checked
 */
public record ExecutorSettings(int maxMovesPerBroker, long throttleBytesPerSecond, Duration stuckTimeout, Duration pollInterval) {
  public static final int DEFAULT_MAX_MOVES_PER_BROKER = 5;

  public ExecutorSettings {
    if (maxMovesPerBroker < 1) {
      throw new IllegalArgumentException("maxMovesPerBroker must be at least 1");
    }
  }

  public static ExecutorSettings of(double throttleMiBps) {
    return new ExecutorSettings(DEFAULT_MAX_MOVES_PER_BROKER, Math.round(throttleMiBps * 1024 * 1024),
        Duration.ofMinutes(30), Duration.ofSeconds(1));
  }
}
