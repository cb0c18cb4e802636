package io.serverlesskafka.autoscaler.scaling;

/**
 * Applies a decided broker count. The operator's realizer patches the broker KafkaNodePool (after
 * draining brokers for a scale-down); the simulator's feeds the readiness model.
 */
public interface ScalingRealizer {
  /**
   * Requests {@code decision.targetBrokers()} brokers; called only for decisions that change the
   * count.
   */
  void realize(ScaleDecision decision);
}
