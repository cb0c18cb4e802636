package io.serverlesskafka.operator.rebalance;

/**
 * Where a running plan is: what the ServerlessKafka status and the metrics report.
 *
 * @param estimatedSecondsLeft bytes still to move over the throttle rate of the busiest
 *     destination; -1 unknown
 */
public record ExecutionProgress(
    int movesTotal,
    int movesDone,
    int movesCancelled,
    int movesRunning,
    long bytesTotal,
    long bytesDone,
    long estimatedSecondsLeft) {
  public boolean finished() {
    return movesDone + movesCancelled == movesTotal;
  }

  public String describe() {
    return movesDone
        + "/"
        + movesTotal
        + " moves done"
        + (movesCancelled > 0 ? ", " + movesCancelled + " cancelled" : "")
        + ", "
        + (bytesDone >> 20)
        + "/"
        + (bytesTotal >> 20)
        + " MiB"
        + (estimatedSecondsLeft >= 0 && !finished()
            ? ", about " + estimatedSecondsLeft + " s left"
            : "");
  }
}
