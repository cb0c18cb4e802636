package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrometheusSettings {
  @Pattern("^https?://[^\\s]+$")
  @JsonPropertyDescription(
      "Base URL of the Prometheus HTTP API, e.g. http://prometheus-operated.monitoring:9090.")
  private String url;

  @JsonPropertyDescription(
      "PromQL instant queries replacing the defaults, per resource. Each returns one series per broker"
          + " labelled kubernetes_pod_name (or pod) ending in the node ID; $namespace and $cluster are replaced by the cluster's.")
  private PrometheusQueries queries;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public PrometheusQueries getQueries() {
    return queries;
  }

  public void setQueries(PrometheusQueries queries) {
    this.queries = queries;
  }
}
