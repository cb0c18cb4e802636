package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "brokers.min must be less than or equal to brokers.max",
    fieldPath = ".min")
public class BrokerSettings {
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Fewest brokers, also the starting size. Default: 3.")
  private Integer min;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Most brokers the autoscaler may run. Default: 12.")
  private Integer max;

  @JsonPropertyDescription("What one broker can serve; utilization is measured against it.")
  private BrokerCapacitySpec capacity;

  public Integer getMin() {
    return min;
  }

  public void setMin(Integer min) {
    this.min = min;
  }

  public Integer getMax() {
    return max;
  }

  public void setMax(Integer max) {
    this.max = max;
  }

  public BrokerCapacitySpec getCapacity() {
    return capacity;
  }

  public void setCapacity(BrokerCapacitySpec capacity) {
    this.capacity = capacity;
  }
}
