package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The autoscaler's last decision that changed, or would change, the broker count. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalingStatus {
  @JsonPropertyDescription("ScaleUp, ScaleDown, or None.")
  private String lastAction;

  @JsonPropertyDescription("Why, as a stable reason (e.g. SCALE_UP, SCALE_DOWN, AT_MAX_BROKERS).")
  private String reason;

  @JsonPropertyDescription("The decision with its numbers: utilization, recommendation, bounds.")
  private String message;

  private Integer fromBrokers;

  private Integer toBrokers;

  @JsonPropertyDescription(
      "False in RecommendOnly mode: the decision was reported, not carried out.")
  private Boolean realized;

  private String time;

  @JsonPropertyDescription(
      "What the autoscaler waits for before its next change, e.g. 'scale-down not before "
          + "2026-12-04T19:03Z (break-even of a removal: 7m)', 'drain of brokers [4] in progress', 'at max brokers (12): "
          + "more load cannot be followed'. Updated at every evaluation that changes it.")
  private String waitingFor;

  public String getLastAction() {
    return lastAction;
  }

  public void setLastAction(String lastAction) {
    this.lastAction = lastAction;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Integer getFromBrokers() {
    return fromBrokers;
  }

  public void setFromBrokers(Integer fromBrokers) {
    this.fromBrokers = fromBrokers;
  }

  public Integer getToBrokers() {
    return toBrokers;
  }

  public void setToBrokers(Integer toBrokers) {
    this.toBrokers = toBrokers;
  }

  public Boolean getRealized() {
    return realized;
  }

  public void setRealized(Boolean realized) {
    this.realized = realized;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getWaitingFor() {
    return waitingFor;
  }

  public void setWaitingFor(String waitingFor) {
    this.waitingFor = waitingFor;
  }
}
