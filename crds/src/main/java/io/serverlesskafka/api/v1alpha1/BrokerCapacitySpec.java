package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
/**
 * {@code spec.brokers.capacity} as the user writes it; {@code ClusterSettings} turns it into the
 * autoscaler's {@code BrokerCapacity}.
 */
public class BrokerCapacitySpec {
  @ValidationRule(value = "self > 0.0", message = "ingressMiBps must be greater than 0")
  @JsonPropertyDescription(
      "Producer bytes one broker can take, in MiB/s (replication included). Default: 50.")
  private Double ingressMiBps;

  @ValidationRule(value = "self > 0.0", message = "egressMiBps must be greater than 0")
  @JsonPropertyDescription(
      "Bytes one broker can send to consumers and followers, in MiB/s. Default: 100.")
  private Double egressMiBps;

  @Min(1)
  @JsonPropertyDescription("Partition replicas one broker should hold at most. Default: 4000.")
  private Integer maxPartitions;

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

  public Integer getMaxPartitions() {
    return maxPartitions;
  }

  public void setMaxPartitions(Integer maxPartitions) {
    this.maxPartitions = maxPartitions;
  }
}
