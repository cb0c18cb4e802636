package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.source) || self.source != 'Prometheus' || (has(self.prometheus) && has(self.prometheus.url))",
    message = "prometheus.url is required when source is Prometheus")
public class MetricsSettings {
  @JsonPropertyDescription("Admin (the Kafka Admin API) or Prometheus. Default: Admin.")
  private MetricsSourceType source;

  @JsonPropertyDescription("The Prometheus server to query when source is Prometheus.")
  private PrometheusSettings prometheus;

  public MetricsSourceType getSource() {
    return source;
  }

  public void setSource(MetricsSourceType source) {
    this.source = source;
  }

  public PrometheusSettings getPrometheus() {
    return prometheus;
  }

  public void setPrometheus(PrometheusSettings prometheus) {
    this.prometheus = prometheus;
  }
}
