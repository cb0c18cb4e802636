package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalingSettings {
  @JsonPropertyDescription("Auto, RecommendOnly or Disabled. Default: Auto.")
  private AutoscalingMode mode;

  @JsonPropertyDescription(
      "LeadTime (headroom from lead time and the load's own noise) or Target (a fixed "
          + "targetUtilization). Default: LeadTime.")
  private AutoscalingPolicy policy;

  @ValidationRule(
      value = "self > 0.0 && self <= 1.0",
      message = "targetUtilization must be in (0, 1]")
  @JsonPropertyDescription(
      "Target: utilization of the busiest resource the autoscaler aims for. LeadTime: the most "
          + "headroom ever kept, the utilization sized for when the load is as volatile as it gets. In (0, 1]. "
          + "Default: 0.6.")
  private Double targetUtilization;

  @ValidationRule(value = "self > 0.0 && self <= 1.0", message = "maxUtilization must be in (0, 1]")
  @JsonPropertyDescription(
      "LeadTime: the highest utilization of any resource that the forecast load (what can "
          + "arrive before a new broker serves) may reach; never below targetUtilization. In (0, 1]. Default: 0.95.")
  private Double maxUtilization;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "LeadTime: how long until an added broker serves, the time the forecast looks ahead, "
          + "e.g. 2m. Default: 2m.")
  private String provisionTime;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "LeadTime: how long a removed broker keeps being paid for while it drains, e.g. 5m. "
          + "A removal must outlast provisionTime + drainTime + moving its data both ways at rebalancing.throttleMiBps "
          + "to pay. Default: 5m.")
  private String drainTime;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "LeadTime: half-life of the lesson a reversed scale-down teaches (wait longer than that "
          + "dip before the next removal), e.g. 6h. Default: 6h.")
  private String dipMemory;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "How long load must stay high before scaling up, e.g. 60s (LeadTime: how long the "
          + "forecast must stay above maxUtilization; beyond full capacity it does not wait). Default: 60s.")
  private String scaleUpStabilization;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "How long load must stay low before scaling down, e.g. 15m (LeadTime: the shortest "
          + "wait; the break-even and what recent dips taught can make it longer). Default: 8m.")
  private String scaleDownStabilization;

  @Min(1)
  @JsonPropertyDescription("Most brokers added or removed in one step. Default: 4.")
  private Integer maxStep;

  @JsonPropertyDescription(
      "Where the autoscaler reads the brokers' load. Default: the Kafka Admin API.")
  private MetricsSettings metrics;

  public AutoscalingMode getMode() {
    return mode;
  }

  public void setMode(AutoscalingMode mode) {
    this.mode = mode;
  }

  public AutoscalingPolicy getPolicy() {
    return policy;
  }

  public void setPolicy(AutoscalingPolicy policy) {
    this.policy = policy;
  }

  public Double getMaxUtilization() {
    return maxUtilization;
  }

  public void setMaxUtilization(Double maxUtilization) {
    this.maxUtilization = maxUtilization;
  }

  public String getProvisionTime() {
    return provisionTime;
  }

  public void setProvisionTime(String provisionTime) {
    this.provisionTime = provisionTime;
  }

  public String getDrainTime() {
    return drainTime;
  }

  public void setDrainTime(String drainTime) {
    this.drainTime = drainTime;
  }

  public String getDipMemory() {
    return dipMemory;
  }

  public void setDipMemory(String dipMemory) {
    this.dipMemory = dipMemory;
  }

  public Double getTargetUtilization() {
    return targetUtilization;
  }

  public void setTargetUtilization(Double targetUtilization) {
    this.targetUtilization = targetUtilization;
  }

  public String getScaleUpStabilization() {
    return scaleUpStabilization;
  }

  public void setScaleUpStabilization(String scaleUpStabilization) {
    this.scaleUpStabilization = scaleUpStabilization;
  }

  public String getScaleDownStabilization() {
    return scaleDownStabilization;
  }

  public void setScaleDownStabilization(String scaleDownStabilization) {
    this.scaleDownStabilization = scaleDownStabilization;
  }

  public Integer getMaxStep() {
    return maxStep;
  }

  public void setMaxStep(Integer maxStep) {
    this.maxStep = maxStep;
  }

  public MetricsSettings getMetrics() {
    return metrics;
  }

  public void setMetrics(MetricsSettings metrics) {
    this.metrics = metrics;
  }
}
