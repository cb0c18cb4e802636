package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
    message = "minReplicas must be less than or equal to maxReplicas",
    fieldPath = ".minReplicas")
public class ConsumerScaling {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the consumer Deployment in the topic's namespace.")
  private String deployment;

  @Required
  @Pattern("^[a-zA-Z0-9._-]+$")
  @JsonPropertyDescription(
      "Consumer group suffix; the Kafka group is <namespace>.<topic>_<group> (the topic's group.prefix, then this).")
  private String group;

  @Min(1)
  @JsonPropertyDescription("Lag per replica that adds a replica. Default: 100.")
  private Integer lagThreshold;

  @Min(0)
  @JsonPropertyDescription("Lag that wakes the Deployment from zero. Default: 0 (any lag).")
  private Integer activationLagThreshold;

  @Min(0)
  @JsonPropertyDescription("Fewest replicas. Default: 0 (scale to zero).")
  private Integer minReplicas;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Most replicas. Default: the topic's partition count.")
  private Integer maxReplicas;

  @Min(1)
  @Max(3600)
  @Default("30")
  @JsonPropertyDescription(
      "Seconds between KEDA's lag checks (KEDA's pollingInterval): a Deployment at zero wakes within about this"
          + " long of the first record. Default: 30.")
  private Integer pollingInterval;

  @Min(0)
  @Max(86400)
  @Default("300")
  @JsonPropertyDescription(
      "Seconds without lag before KEDA scales the Deployment back to zero (KEDA's cooldownPeriod). Default: 300.")
  private Integer cooldownPeriod;

  public String getDeployment() {
    return deployment;
  }

  public void setDeployment(String deployment) {
    this.deployment = deployment;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public Integer getLagThreshold() {
    return lagThreshold;
  }

  public void setLagThreshold(Integer lagThreshold) {
    this.lagThreshold = lagThreshold;
  }

  public Integer getActivationLagThreshold() {
    return activationLagThreshold;
  }

  public void setActivationLagThreshold(Integer activationLagThreshold) {
    this.activationLagThreshold = activationLagThreshold;
  }

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public Integer getPollingInterval() {
    return pollingInterval;
  }

  public void setPollingInterval(Integer pollingInterval) {
    this.pollingInterval = pollingInterval;
  }

  public Integer getCooldownPeriod() {
    return cooldownPeriod;
  }

  public void setCooldownPeriod(Integer cooldownPeriod) {
    this.cooldownPeriod = cooldownPeriod;
  }
}
