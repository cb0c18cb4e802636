package io.serverlesskafka.autoscaler.scaling;

import java.time.Instant;

/**
 * The outcome of one evaluation. Every decision carries its reason and a message with the numbers, so
 * an Event or a timeline row can say why without re-running the policy.
 *
 * @param time evaluation time
 * @param action what happens to the broker count
 * @param reason why
 * @param currentBrokers the count requested before this decision
 * @param recommendedBrokers the count the current load calls for (after dead band and bounds)
 * @param targetBrokers the count requested after this decision (= current when action is NONE)
 * @param realized true when the realizer was asked to apply it (false in RecommendOnly mode)
 * @param message human-readable explanation with the numbers
 */
public record ScaleDecision(
    Instant time,
    ScaleAction action,
    DecisionReason reason,
    int currentBrokers,
    int recommendedBrokers,
    int targetBrokers,
    boolean realized,
    String message) {

  public boolean changesBrokers() {
    return action != ScaleAction.NONE;
  }

  public ScaleDecision asRealized() {
    return new ScaleDecision(
        time, action, reason, currentBrokers, recommendedBrokers, targetBrokers, true, message);
  }

  @Override
  public String toString() {
    return reason + " " + currentBrokers + "->" + targetBrokers + (realized ? "" : " (not realized)") + ": " + message;
  }
}
