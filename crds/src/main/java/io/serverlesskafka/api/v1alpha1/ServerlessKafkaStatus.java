package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerlessKafkaStatus extends ConditionedStatus {
  @JsonPropertyDescription(
      "Bootstrap servers of the internal SCRAM-SHA-512 listener, from Strimzi's Kafka status.")
  private String bootstrapServers;

  @JsonPropertyDescription(
      "Kafka's security.protocol for that listener: SASL_SSL (TLS) or SASL_PLAINTEXT.")
  private String securityProtocol;

  @JsonPropertyDescription("Brokers the broker pool is set to.")
  private Integer desiredBrokers;

  @JsonPropertyDescription("Brokers Strimzi reports as running.")
  private Integer readyBrokers;

  @JsonPropertyDescription("ServerlessTopics placed on this cluster.")
  private Integer topics;

  @JsonPropertyDescription(
      "Kafka topics on this cluster that no ServerlessTopic uses any more (kept with deletionPolicy Retain, or made by hand). They keep their data on the brokers, so they block the cluster's deletion as ServerlessTopics do.")
  private Integer retainedTopics;

  @JsonPropertyDescription(
      "Up to 20 of the topics that keep this cluster from being deleted: `namespace/name` of a ServerlessTopic, `retained <kafka topic>` of a retained one. An admission policy refuses to delete the cluster while this list is not empty.")
  private java.util.List<String> servedTopics;

  @JsonPropertyDescription("Kafka version Strimzi reports.")
  private String kafkaVersion;

  @JsonPropertyDescription(
      "The autoscaler's last decision that changed, or would change, the broker count.")
  private AutoscalingStatus autoscaling;

  @JsonPropertyDescription("The last or running partition rebalance.")
  private RebalanceStatus rebalance;

  @JsonPropertyDescription(
      "With provisioning OnDemand: since when the cluster has had no topics (RFC 3339).")
  private String idleSince;

  @JsonPropertyDescription(
      "With provisioning OnDemand: the last wake-up from hibernation and its cold-start time.")
  private WakeUpStatus lastWakeUp;

  @JsonPropertyDescription(
      "With spec.rest.enabled: the URL of the HTTP gateway, also in every topic Secret as rest.url.")
  // Written even when null: the status is merge-patched, and turning the gateway off must remove
  // the URL.
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private String restUrl;

  public String getRestUrl() {
    return restUrl;
  }

  public void setRestUrl(String restUrl) {
    this.restUrl = restUrl;
  }

  public WakeUpStatus getLastWakeUp() {
    return lastWakeUp;
  }

  public void setLastWakeUp(WakeUpStatus lastWakeUp) {
    this.lastWakeUp = lastWakeUp;
  }

  public String getIdleSince() {
    return idleSince;
  }

  public void setIdleSince(String idleSince) {
    this.idleSince = idleSince;
  }

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public String getSecurityProtocol() {
    return securityProtocol;
  }

  public void setSecurityProtocol(String securityProtocol) {
    this.securityProtocol = securityProtocol;
  }

  public Integer getDesiredBrokers() {
    return desiredBrokers;
  }

  public void setDesiredBrokers(Integer desiredBrokers) {
    this.desiredBrokers = desiredBrokers;
  }

  public Integer getReadyBrokers() {
    return readyBrokers;
  }

  public void setReadyBrokers(Integer readyBrokers) {
    this.readyBrokers = readyBrokers;
  }

  public Integer getTopics() {
    return topics;
  }

  public void setTopics(Integer topics) {
    this.topics = topics;
  }

  public Integer getRetainedTopics() {
    return retainedTopics;
  }

  public void setRetainedTopics(Integer retainedTopics) {
    this.retainedTopics = retainedTopics;
  }

  public java.util.List<String> getServedTopics() {
    return servedTopics;
  }

  public void setServedTopics(java.util.List<String> servedTopics) {
    this.servedTopics = servedTopics;
  }

  public AutoscalingStatus getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingStatus autoscaling) {
    this.autoscaling = autoscaling;
  }

  public RebalanceStatus getRebalance() {
    return rebalance;
  }

  public void setRebalance(RebalanceStatus rebalance) {
    this.rebalance = rebalance;
  }

  public String getKafkaVersion() {
    return kafkaVersion;
  }

  public void setKafkaVersion(String kafkaVersion) {
    this.kafkaVersion = kafkaVersion;
  }
}
