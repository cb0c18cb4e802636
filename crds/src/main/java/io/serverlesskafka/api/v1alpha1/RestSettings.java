package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * The HTTP gateway (Upstash-compatible REST API) of a cluster: a Deployment and a Service in its
 * namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestSettings {
  @JsonPropertyDescription(
      "Run the HTTP gateway for this cluster; topic Secrets then carry rest.url. Default: false.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Gateway replicas: a HorizontalPodAutoscaler keeps their count between min and max by CPU.")
  private RestReplicas replicas;

  @JsonPropertyDescription(
      "CPU and memory of each gateway container. Default: requests 250m CPU, 384Mi memory; limit 384Mi memory.")
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Gateway container image. Default: the operator's GATEWAY_IMAGE (set by the chart).")
  private String image;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public RestReplicas getReplicas() {
    return replicas;
  }

  public void setReplicas(RestReplicas replicas) {
    this.replicas = replicas;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }
}
