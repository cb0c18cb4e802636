package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One HTTP gateway process's counters for one topic's credentials, as last read (bookkeeping). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayCounters {
  @JsonPropertyDescription("Requests answered with 200.")
  private Long requests;

  @JsonPropertyDescription("Records produced.")
  private Long recordsIn;

  @JsonPropertyDescription("Records returned by fetch and consume.")
  private Long recordsOut;

  @JsonPropertyDescription("When the process was last read (RFC 3339).")
  private String seen;

  public GatewayCounters() {}

  public GatewayCounters(Long requests, Long recordsIn, Long recordsOut, String seen) {
    this.requests = requests;
    this.recordsIn = recordsIn;
    this.recordsOut = recordsOut;
    this.seen = seen;
  }

  public Long getRequests() {
    return requests;
  }

  public void setRequests(Long requests) {
    this.requests = requests;
  }

  public Long getRecordsIn() {
    return recordsIn;
  }

  public void setRecordsIn(Long recordsIn) {
    this.recordsIn = recordsIn;
  }

  public Long getRecordsOut() {
    return recordsOut;
  }

  public void setRecordsOut(Long recordsOut) {
    this.recordsOut = recordsOut;
  }

  public String getSeen() {
    return seen;
  }

  public void setSeen(String seen) {
    this.seen = seen;
  }
}
