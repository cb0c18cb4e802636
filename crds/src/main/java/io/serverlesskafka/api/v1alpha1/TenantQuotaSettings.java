package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** How a topic's spec.throughput becomes Kafka quotas for its user. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantQuotaSettings {
  @ValidationRule(
      value = "self >= 1.0 && self <= 100.0",
      message = "burstFactor must be between 1.0 and 100.0")
  @JsonPropertyDescription(
      "Multiplier on a topic's throughput.ingressMiBps and egressMiBps that gives its produce and consume limits (1.0-100.0). Default: 1.0.")
  private Double burstFactor;

  public Double getBurstFactor() {
    return burstFactor;
  }

  public void setBurstFactor(Double burstFactor) {
    this.burstFactor = burstFactor;
  }
}
