package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/**
 * Metered usage of a topic, accumulated since {@code since}. The operator also keeps here the
 * offsets it last sampled, so that a restarted operator continues counting where it stopped.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicUsage {
  @JsonPropertyDescription("When metering of this topic started (RFC 3339).")
  private String since;

  @JsonPropertyDescription("When the topic was last sampled (RFC 3339).")
  private String lastSampleTime;

  @JsonPropertyDescription("Records produced since metering started.")
  private Long recordsIn;

  @JsonPropertyDescription(
      "Records consumed (committed) by the topic's consumer groups since metering started.")
  private Long recordsOut;

  @JsonPropertyDescription(
      "Bytes produced since the topic was created, as stored by Kafka (record batches after producer compression): stored bytes plus what retention deleted.")
  private Long bytesIn;

  @JsonPropertyDescription(
      "Bytes consumed since metering started (records consumed times the topic's average stored record size).")
  private Long bytesOut;

  @JsonPropertyDescription(
      "Requests the cluster's HTTP gateway answered with 200 for this topic's credentials since metering started.")
  private Long gatewayRequests;

  @JsonPropertyDescription(
      "Records this topic's credentials produced through the HTTP gateway since metering started (also counted in recordsIn).")
  private Long gatewayRecordsIn;

  @JsonPropertyDescription(
      "Records the HTTP gateway returned to this topic's credentials by fetch and consume since metering started.")
  private Long gatewayRecordsOut;

  @JsonPropertyDescription("Bytes the topic stores now, one copy (leader replicas).")
  private Long storedBytes;

  @JsonPropertyDescription(
      "GiB-hours stored since metering started, the basis of the storage cost.")
  private Double storedGiBHours;

  @JsonPropertyDescription("Showback cost since metering started, from the cluster's spec.pricing.")
  private Double cost;

  @JsonPropertyDescription("Currency of cost.")
  private String currency;

  @JsonPropertyDescription(
      "Sum of the partitions' log-end offsets at the last sample (bookkeeping).")
  private Long logEndOffsets;

  @JsonPropertyDescription(
      "Sum of the partitions' log-start offsets at the last sample (bookkeeping).")
  private Long logStartOffsets;

  @JsonPropertyDescription(
      "Bytes of records retention has deleted since metering started, estimated at the average record size (bookkeeping).")
  private Long retiredBytes;

  @JsonPropertyDescription(
      "Per HTTP gateway process (its instance id, new at every start), the counters last read from it for this topic's credentials (bookkeeping).")
  private Map<String, GatewayCounters> gatewayInstances;

  @JsonPropertyDescription(
      "Per consumer group, the sum of its committed offsets at the last sample (bookkeeping).")
  private Map<String, Long> committedOffsets;

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public String getLastSampleTime() {
    return lastSampleTime;
  }

  public void setLastSampleTime(String lastSampleTime) {
    this.lastSampleTime = lastSampleTime;
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

  public Long getBytesIn() {
    return bytesIn;
  }

  public void setBytesIn(Long bytesIn) {
    this.bytesIn = bytesIn;
  }

  public Long getBytesOut() {
    return bytesOut;
  }

  public void setBytesOut(Long bytesOut) {
    this.bytesOut = bytesOut;
  }

  public Long getGatewayRequests() {
    return gatewayRequests;
  }

  public void setGatewayRequests(Long gatewayRequests) {
    this.gatewayRequests = gatewayRequests;
  }

  public Long getGatewayRecordsIn() {
    return gatewayRecordsIn;
  }

  public void setGatewayRecordsIn(Long gatewayRecordsIn) {
    this.gatewayRecordsIn = gatewayRecordsIn;
  }

  public Long getGatewayRecordsOut() {
    return gatewayRecordsOut;
  }

  public void setGatewayRecordsOut(Long gatewayRecordsOut) {
    this.gatewayRecordsOut = gatewayRecordsOut;
  }

  public Map<String, GatewayCounters> getGatewayInstances() {
    return gatewayInstances;
  }

  public void setGatewayInstances(Map<String, GatewayCounters> gatewayInstances) {
    this.gatewayInstances = gatewayInstances;
  }

  public Long getStoredBytes() {
    return storedBytes;
  }

  public void setStoredBytes(Long storedBytes) {
    this.storedBytes = storedBytes;
  }

  public Double getStoredGiBHours() {
    return storedGiBHours;
  }

  public void setStoredGiBHours(Double storedGiBHours) {
    this.storedGiBHours = storedGiBHours;
  }

  public Double getCost() {
    return cost;
  }

  public void setCost(Double cost) {
    this.cost = cost;
  }

  public String getCurrency() {
    return currency;
  }

  public void setCurrency(String currency) {
    this.currency = currency;
  }

  public Long getLogEndOffsets() {
    return logEndOffsets;
  }

  public void setLogEndOffsets(Long logEndOffsets) {
    this.logEndOffsets = logEndOffsets;
  }

  public Long getLogStartOffsets() {
    return logStartOffsets;
  }

  public void setLogStartOffsets(Long logStartOffsets) {
    this.logStartOffsets = logStartOffsets;
  }

  public Long getRetiredBytes() {
    return retiredBytes;
  }

  public void setRetiredBytes(Long retiredBytes) {
    this.retiredBytes = retiredBytes;
  }

  public Map<String, Long> getCommittedOffsets() {
    return committedOffsets;
  }

  public void setCommittedOffsets(Map<String, Long> committedOffsets) {
    this.committedOffsets = committedOffsets;
  }
}
