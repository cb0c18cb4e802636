package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * With provisioning OnDemand: the last time a hibernating cluster was brought back for a topic.
 * Nulls are written out so that the status merge patch of a new wake-up clears the previous one's
 * readyAt.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public class WakeUpStatus {
  @JsonPropertyDescription(
      "When the operator started provisioning the hibernating cluster (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the cluster was Ready again (RFC 3339); absent while it wakes up.")
  private String readyAt;

  @JsonPropertyDescription("Cold start: seconds from startedAt to readyAt.")
  private Long coldStartSeconds;

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getReadyAt() {
    return readyAt;
  }

  public void setReadyAt(String readyAt) {
    this.readyAt = readyAt;
  }

  public Long getColdStartSeconds() {
    return coldStartSeconds;
  }

  public void setColdStartSeconds(Long coldStartSeconds) {
    this.coldStartSeconds = coldStartSeconds;
  }
}
