package io.serverlesskafka.operator.model;

import io.serverlesskafka.api.v1alpha1.MetricsSourceType;
import io.serverlesskafka.autoscaler.scaling.ScalingResource;
import java.util.Map;

/**
 * {@code spec.autoscaling.metrics} with its defaults filled in ({@link ClusterSettings} fills
 * them).
 *
 * @param prometheusUrl null unless the source is Prometheus
 * @param prometheusQueries the PromQL instant query per resource, before $namespace and $cluster
 *     are replaced
 */
public record MetricsSourceSettings(
    MetricsSourceType source,
    String prometheusUrl,
    Map<ScalingResource, String> prometheusQueries) {
  public MetricsSourceSettings {
    prometheusQueries = Map.copyOf(prometheusQueries);
  }
}
