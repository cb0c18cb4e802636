package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ControllerSettings {
  @ValidationRule(
      value = "self == 1 || self == 3 || self == 5",
      message = "controllers.replicas must be 1, 3 or 5 (a KRaft quorum)")
  @JsonPropertyDescription("KRaft controllers: 1, 3 or 5. Default: 3.")
  private Integer replicas;

  @Pattern(Patterns.QUANTITY)
  @JsonPropertyDescription("Volume size of each controller (metadata only). Default: 10Gi.")
  private String storageSize;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public String getStorageSize() {
    return storageSize;
  }

  public void setStorageSize(String storageSize) {
    this.storageSize = storageSize;
  }
}
