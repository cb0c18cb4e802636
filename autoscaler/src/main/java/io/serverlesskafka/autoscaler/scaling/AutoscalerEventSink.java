package io.serverlesskafka.autoscaler.scaling;

/**
 * Receives the decisions that change (or, in RecommendOnly mode, would change) the broker count.
 * The operator turns them into Kubernetes Events (reason from {@link DecisionReason}) and logs.
 */
public interface AutoscalerEventSink {
  void onDecision(String cluster, ScaleDecision decision);

  /** Discards decisions (the simulator records them in its timeline instead). */
  AutoscalerEventSink NONE = (cluster, decision) -> {};
}
