package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RebalancingSettings {
  @JsonPropertyDescription("Move partitions when brokers are unbalanced. Default: true.")
  private Boolean enabled;

  @ValidationRule(
      value = "self >= 1.0",
      message = "maxImbalance must be at least 1.0 (max over mean)")
  @JsonPropertyDescription(
      "Largest accepted ratio of the busiest broker's load to the mean, per resource. Default: 1.10.")
  private Double maxImbalance;

  @ValidationRule(value = "self > 0.0", message = "throttleMiBps must be greater than 0")
  @JsonPropertyDescription(
      "Replication throttle while partitions move, in MiB/s per broker. Default: 40.")
  private Double throttleMiBps;

  @io.fabric8.generator.annotation.Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "How long some broker must stay above maxImbalance (on any resource) before partitions move. Default: 10m.")
  private String imbalanceWindow;

  public String getImbalanceWindow() {
    return imbalanceWindow;
  }

  public void setImbalanceWindow(String imbalanceWindow) {
    this.imbalanceWindow = imbalanceWindow;
  }

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Double getMaxImbalance() {
    return maxImbalance;
  }

  public void setMaxImbalance(Double maxImbalance) {
    this.maxImbalance = maxImbalance;
  }

  public Double getThrottleMiBps() {
    return throttleMiBps;
  }

  public void setThrottleMiBps(Double throttleMiBps) {
    this.throttleMiBps = throttleMiBps;
  }
}
