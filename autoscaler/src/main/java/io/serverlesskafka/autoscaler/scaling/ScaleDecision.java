package io.serverlesskafka.autoscaler.scaling;

import java.time.Instant;

/**
 * The outcome of one evaluation. Every decision carries its reason and a message with the numbers,
 * so an Event or a timeline row can say why without re-running the policy.
 *
 * @param time evaluation time
 * @param action what happens to the broker count
 * @param reason why
 * @param currentBrokers the count requested before this decision
 * @param recommendedBrokers the count the current load calls for (after dead band and bounds)
 * @param targetBrokers the count requested after this decision (= current when action is NONE)
 * @param realized true when the realizer was asked to apply it (false in RecommendOnly mode)
 * @param message human-readable explanation with the numbers
 * @param waitingFor what the autoscaler waits for before its next change, short and stable from one
 *     evaluation to the next while nothing changes (times, not countdowns), e.g. {@code scale-down
 *     not before 2026-12-04T19:03Z (break-even 7m)}; the operator shows it in {@code
 *     status.autoscaling.waitingFor}
 */
public record ScaleDecision(
    Instant time,
    ScaleAction action,
    DecisionReason reason,
    int currentBrokers,
    int recommendedBrokers,
    int targetBrokers,
    boolean realized,
    String message,
    String waitingFor) {

  /** A decision whose wait is described by its reason alone. */
  public ScaleDecision(
      Instant time,
      ScaleAction action,
      DecisionReason reason,
      int currentBrokers,
      int recommendedBrokers,
      int targetBrokers,
      boolean realized,
      String message) {
    this(
        time,
        action,
        reason,
        currentBrokers,
        recommendedBrokers,
        targetBrokers,
        realized,
        message,
        byReason(action, reason, currentBrokers, targetBrokers));
  }

  /**
   * What a decision without its own description waits for, from its reason (the Target policy's
   * decisions).
   */
  static String byReason(ScaleAction action, DecisionReason reason, int current, int target) {
    return switch (reason) {
      case WITHIN_DEAD_BAND, RIGHT_SIZED -> "nothing: right-sized";
      case AT_MIN_BROKERS -> "nothing: at min brokers (" + current + ")";
      case AT_MAX_BROKERS -> "at max brokers (" + current + "): more load cannot be followed";
      case REASSIGNMENT_IN_PROGRESS -> "a partition reassignment to finish";
      case SCALING_IN_PROGRESS -> "the previous scaling to settle";
      case SCALE_UP_STABILIZING -> "the scale-up stabilization window to fill";
      case SCALE_DOWN_STABILIZING -> "the scale-down stabilization window to fill";
      case LOAD_RISING -> "the load to stay low for a scale-down";
      default ->
          action == ScaleAction.SCALE_UP
              ? "added brokers to serve (" + target + " requested)"
              : action == ScaleAction.SCALE_DOWN
                  ? "removed brokers to be drained and removed (" + target + " requested)"
                  : "nothing";
    };
  }

  public boolean changesBrokers() {
    return action != ScaleAction.NONE;
  }

  public ScaleDecision asRealized() {
    return new ScaleDecision(
        time,
        action,
        reason,
        currentBrokers,
        recommendedBrokers,
        targetBrokers,
        true,
        message,
        waitingFor);
  }

  @Override
  public String toString() {
    return reason
        + " "
        + currentBrokers
        + "->"
        + targetBrokers
        + (realized ? "" : " (not realized)")
        + ": "
        + message;
  }
}
