package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "rest.replicas.min must be less than or equal to rest.replicas.max",
    fieldPath = ".min")
public class RestReplicas {
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Fewest gateway replicas. Default: 1.")
  private Integer min;

  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Most gateway replicas. Default: 3 (at least min).")
  private Integer max;

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
}
