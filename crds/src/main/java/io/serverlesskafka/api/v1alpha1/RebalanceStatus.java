package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The last or running partition rebalance of a cluster; written before the moves start, so a
 * restart resumes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RebalanceStatus {
  @JsonPropertyDescription("Running, Completed or Failed.")
  private String phase;

  @JsonPropertyDescription(
      "Why it started: Requested (annotation serverlesskafka.io/rebalance), FillNewBrokers, ...")
  private String reason;

  @JsonPropertyDescription("Partitions whose replicas move or whose leader changes.")
  private Integer movesTotal;

  private Integer movesDone;

  private Integer movesCancelled;

  @JsonPropertyDescription("Bytes the plan copies to new replicas.")
  private Long bytesTotal;

  private Long bytesDone;

  @JsonPropertyDescription(
      "Seconds left at the replication throttle, for the busiest destination broker.")
  private Long estimatedSecondsLeft;

  private String startedAt;

  private String finishedAt;

  private String message;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public Integer getMovesTotal() {
    return movesTotal;
  }

  public void setMovesTotal(Integer movesTotal) {
    this.movesTotal = movesTotal;
  }

  public Integer getMovesDone() {
    return movesDone;
  }

  public void setMovesDone(Integer movesDone) {
    this.movesDone = movesDone;
  }

  public Integer getMovesCancelled() {
    return movesCancelled;
  }

  public void setMovesCancelled(Integer movesCancelled) {
    this.movesCancelled = movesCancelled;
  }

  public Long getBytesTotal() {
    return bytesTotal;
  }

  public void setBytesTotal(Long bytesTotal) {
    this.bytesTotal = bytesTotal;
  }

  public Long getBytesDone() {
    return bytesDone;
  }

  public void setBytesDone(Long bytesDone) {
    this.bytesDone = bytesDone;
  }

  public Long getEstimatedSecondsLeft() {
    return estimatedSecondsLeft;
  }

  public void setEstimatedSecondsLeft(Long estimatedSecondsLeft) {
    this.estimatedSecondsLeft = estimatedSecondsLeft;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
