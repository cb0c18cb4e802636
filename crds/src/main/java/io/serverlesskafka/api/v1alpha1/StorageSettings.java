package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSettings {
  @Pattern(Patterns.QUANTITY)
  @JsonPropertyDescription(
      "Size of each broker's volume, a Kubernetes quantity such as 100Gi. Default: 100Gi.")
  private String size;

  @JsonPropertyDescription("Storage class of the volumes; the cluster default when left out.")
  private String storageClass;

  @JsonPropertyDescription(
      "Delete the volumes when a broker is removed. Default: false (Strimzi's default); true, and required, with provisioning OnDemand.")
  private Boolean deleteClaim;

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClass() {
    return storageClass;
  }

  public void setStorageClass(String storageClass) {
    this.storageClass = storageClass;
  }

  public Boolean getDeleteClaim() {
    return deleteClaim;
  }

  public void setDeleteClaim(Boolean deleteClaim) {
    this.deleteClaim = deleteClaim;
  }
}
