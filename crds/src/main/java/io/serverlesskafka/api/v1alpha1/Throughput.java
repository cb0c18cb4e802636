package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Throughput {
  @ValidationRule(value = "self >= 0.0", message = "ingressMiBps must not be negative")
  @JsonPropertyDescription(
      "Expected producer throughput in MiB/s: sizes partitions and sets the produce quota.")
  private Double ingressMiBps;

  @ValidationRule(value = "self >= 0.0", message = "egressMiBps must not be negative")
  @JsonPropertyDescription("Expected consumer throughput in MiB/s: sets the consume quota.")
  private Double egressMiBps;

  public Throughput() {}

  public Throughput(Double ingressMiBps, Double egressMiBps) {
    this.ingressMiBps = ingressMiBps;
    this.egressMiBps = egressMiBps;
  }

  public Double getIngressMiBps() {
    return ingressMiBps;
  }

  public void setIngressMiBps(Double ingressMiBps) {
    this.ingressMiBps = ingressMiBps;
  }

  public Double getEgressMiBps() {
    return egressMiBps;
  }

  public void setEgressMiBps(Double egressMiBps) {
    this.egressMiBps = egressMiBps;
  }
}
