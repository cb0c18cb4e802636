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

  @ValidationRule(value = "self > 0.0 && self <= 1.0", message = "targetUtilization must be in (0, 1]")
  @JsonPropertyDescription("Utilization of the busiest resource the autoscaler aims for, in (0, 1]. Default: 0.6.")
  private Double targetUtilization;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("How long load must stay high before scaling up, e.g. 60s. Default: 60s.")
  private String scaleUpStabilization;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("How long load must stay low before scaling down, e.g. 15m. Default: 8m.")
  private String scaleDownStabilization;

  @Min(1)
  @JsonPropertyDescription("Most brokers added or removed in one step. Default: 4.")
  private Integer maxStep;

  @JsonPropertyDescription("Where the autoscaler reads the brokers' load. Default: the Kafka Admin API.")
  private MetricsSettings metrics;

  public AutoscalingMode getMode() { return mode; }
  public void setMode(AutoscalingMode mode) { this.mode = mode; }
  public Double getTargetUtilization() { return targetUtilization; }
  public void setTargetUtilization(Double targetUtilization) { this.targetUtilization = targetUtilization; }
  public String getScaleUpStabilization() { return scaleUpStabilization; }
  public void setScaleUpStabilization(String scaleUpStabilization) { this.scaleUpStabilization = scaleUpStabilization; }
  public String getScaleDownStabilization() { return scaleDownStabilization; }
  public void setScaleDownStabilization(String scaleDownStabilization) { this.scaleDownStabilization = scaleDownStabilization; }
  public Integer getMaxStep() { return maxStep; }
  public void setMaxStep(Integer maxStep) { this.maxStep = maxStep; }
  public MetricsSettings getMetrics() { return metrics; }
  public void setMetrics(MetricsSettings metrics) { this.metrics = metrics; }
}
