package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@io.fabric8.generator.annotation.ValidationRule(
    value =
        "!has(self.provisioning) || self.provisioning != 'OnDemand' || !has(self.kafka) || !has(self.kafka.storage)"
            + " || !has(self.kafka.storage.deleteClaim) || self.kafka.storage.deleteClaim",
    message =
        "provisioning OnDemand removes the brokers' storage when the cluster hibernates: kafka.storage.deleteClaim cannot be false",
    fieldPath = ".kafka.storage.deleteClaim",
    reason = "FieldValueForbidden")
public class ServerlessKafkaSpec {
  @JsonPropertyDescription("Kafka version, storage and resources of each broker.")
  private KafkaSettings kafka;

  @JsonPropertyDescription("The KRaft controller pool.")
  private ControllerSettings controllers;

  @JsonPropertyDescription(
      "Bounds of the broker pool and the capacity of one broker; the autoscaler picks the count in between.")
  private BrokerSettings brokers;

  @JsonPropertyDescription("How the broker count follows throughput.")
  private AutoscalingSettings autoscaling;

  @JsonPropertyDescription("How partitions are moved so that no broker runs hot.")
  private RebalancingSettings rebalancing;

  @JsonPropertyDescription("Settings for topics that leave them out.")
  private TopicDefaults topicDefaults;

  @JsonPropertyDescription("Prices used for showback of each topic's usage.")
  private Pricing pricing;

  @JsonPropertyDescription(
      "Always (default), or OnDemand: no brokers run while no ServerlessTopic uses the cluster.")
  private ProvisioningMode provisioning;

  @io.fabric8.generator.annotation.Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "With provisioning OnDemand: how long the cluster must be without topics before its brokers are removed. Default: 10m.")
  private String idleAfter;

  @JsonPropertyDescription("How topics' throughput becomes Kafka quotas.")
  private TenantQuotaSettings tenantQuotas;

  @JsonPropertyDescription(
      "Which namespaces may put ServerlessTopics on this cluster. Default: only the cluster's own namespace (from: Same).")
  private AllowedTopics allowedTopics;

  @JsonPropertyDescription(
      "The listener applications connect to: TLS or plain text, always SCRAM-SHA-512.")
  private ListenerSettings listener;

  @JsonPropertyDescription(
      "The HTTP gateway (Upstash-compatible REST API) for clients that cannot keep Kafka connections.")
  private RestSettings rest;

  public KafkaSettings getKafka() {
    return kafka;
  }

  public void setKafka(KafkaSettings kafka) {
    this.kafka = kafka;
  }

  public ControllerSettings getControllers() {
    return controllers;
  }

  public void setControllers(ControllerSettings controllers) {
    this.controllers = controllers;
  }

  public BrokerSettings getBrokers() {
    return brokers;
  }

  public void setBrokers(BrokerSettings brokers) {
    this.brokers = brokers;
  }

  public AutoscalingSettings getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingSettings autoscaling) {
    this.autoscaling = autoscaling;
  }

  public RebalancingSettings getRebalancing() {
    return rebalancing;
  }

  public void setRebalancing(RebalancingSettings rebalancing) {
    this.rebalancing = rebalancing;
  }

  public TopicDefaults getTopicDefaults() {
    return topicDefaults;
  }

  public void setTopicDefaults(TopicDefaults topicDefaults) {
    this.topicDefaults = topicDefaults;
  }

  public Pricing getPricing() {
    return pricing;
  }

  public void setPricing(Pricing pricing) {
    this.pricing = pricing;
  }

  public ProvisioningMode getProvisioning() {
    return provisioning;
  }

  public void setProvisioning(ProvisioningMode provisioning) {
    this.provisioning = provisioning;
  }

  public String getIdleAfter() {
    return idleAfter;
  }

  public void setIdleAfter(String idleAfter) {
    this.idleAfter = idleAfter;
  }

  public TenantQuotaSettings getTenantQuotas() {
    return tenantQuotas;
  }

  public void setTenantQuotas(TenantQuotaSettings tenantQuotas) {
    this.tenantQuotas = tenantQuotas;
  }

  public AllowedTopics getAllowedTopics() {
    return allowedTopics;
  }

  public void setAllowedTopics(AllowedTopics allowedTopics) {
    this.allowedTopics = allowedTopics;
  }

  public ListenerSettings getListener() {
    return listener;
  }

  public void setListener(ListenerSettings listener) {
    this.listener = listener;
  }

  public RestSettings getRest() {
    return rest;
  }

  public void setRest(RestSettings rest) {
    this.rest = rest;
  }
}
