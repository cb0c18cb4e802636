package io.serverlesskafka.operator.scaling;

import io.serverlesskafka.autoscaler.scaling.BrokerMetrics;
import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.ClusterMetrics;
import io.serverlesskafka.autoscaler.scaling.MetricsSource;
import io.serverlesskafka.autoscaler.scaling.MetricsUnavailableException;
import io.serverlesskafka.autoscaler.scaling.ScalingResource;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads each broker's load from Prometheus: one instant query per resource, each returning one
 * series per broker. Unlike the Admin API source it sees egress, and per broker rather than spread
 * evenly. The brokers that appear in any result are the serving ones. A failed query fails the
 * whole sample: a partial one would look like a drop in load and invite a scale-down.
 */
public final class PrometheusMetricsSource implements MetricsSource {
  /**
   * Labels naming the broker's pod, {@code <cluster>-<pool>-<node id>}, in the order they are
   * looked for.
   */
  static final List<String> BROKER_LABELS = List.of("kubernetes_pod_name", "pod");

  private static final Pattern TRAILING_ID = Pattern.compile("-(\\d{1,9})$");

  private final PrometheusClient prometheus;
  private final Map<ScalingResource, String> queries;
  private final Clock clock;
  private final IntSupplier requestedBrokers;
  private final BooleanSupplier reassigning;

  /**
   * @param queries PromQL per resource; {@code $namespace} and {@code $cluster} are replaced by the
   *     cluster's
   * @param reassigning whether partitions are being moved now
   */
  public PrometheusMetricsSource(
      PrometheusClient prometheus,
      Map<ScalingResource, String> queries,
      String namespace,
      String cluster,
      Clock clock,
      IntSupplier requestedBrokers,
      BooleanSupplier reassigning) {
    this.prometheus = prometheus;
    this.queries = new EnumMap<>(ScalingResource.class);
    queries.forEach(
        (resource, query) ->
            this.queries.put(
                resource, query.replace("$namespace", namespace).replace("$cluster", cluster)));
    this.clock = clock;
    this.requestedBrokers = requestedBrokers;
    this.reassigning = reassigning;
  }

  @Override
  public ClusterMetrics collect() {
    Map<ScalingResource, Map<Integer, Double>> byResource = new EnumMap<>(ScalingResource.class);
    TreeSet<Integer> brokers = new TreeSet<>();
    for (Map.Entry<ScalingResource, String> query : queries.entrySet()) {
      Map<Integer, Double> values = perBroker(query.getKey(), query.getValue());
      byResource.put(query.getKey(), values);
      brokers.addAll(values.keySet());
    }
    if (brokers.isEmpty()) {
      throw new MetricsUnavailableException(
          "Prometheus at "
              + prometheus.baseUrl()
              + " has no series for this cluster's brokers: are they scraped (a PodMonitor like Strimzi's), and do the queries match their labels?");
    }
    List<BrokerMetrics> serving =
        brokers.stream()
            .map(
                id ->
                    new BrokerMetrics(
                        id,
                        new ClusterLoad(
                            value(byResource, ScalingResource.INGRESS, id),
                                value(byResource, ScalingResource.EGRESS, id),
                            value(byResource, ScalingResource.DISK, id),
                                value(byResource, ScalingResource.PARTITIONS, id))))
            .toList();
    return new ClusterMetrics(
        clock.instant(), serving, requestedBrokers.getAsInt(), reassigning.getAsBoolean());
  }

  private Map<Integer, Double> perBroker(ScalingResource resource, String query) {
    Map<Integer, Double> values = new TreeMap<>();
    for (PrometheusClient.Series series : querying(resource, query)) {
      int broker = brokerId(resource, series);
      if (!Double.isFinite(series.value())) {
        throw new MetricsUnavailableException(
            "the "
                + resource.label()
                + " query returned "
                + series.value()
                + " for broker "
                + broker);
      }
      values.merge(broker, series.value(), Double::sum);
    }
    return values;
  }

  private List<PrometheusClient.Series> querying(ScalingResource resource, String query) {
    try {
      return prometheus.query(query);
    } catch (MetricsUnavailableException e) {
      throw new MetricsUnavailableException(resource.label() + " query: " + e.getMessage(), e);
    }
  }

  private static int brokerId(ScalingResource resource, PrometheusClient.Series series) {
    for (String label : BROKER_LABELS) {
      String pod = series.labels().get(label);
      Matcher id = pod == null ? null : TRAILING_ID.matcher(pod);
      if (id != null && id.find()) {
        return Integer.parseInt(id.group(1));
      }
    }
    throw new MetricsUnavailableException(
        "the "
            + resource.label()
            + " query returned a series without a broker pod label ("
            + String.join(" or ", BROKER_LABELS)
            + " ending in the node ID): "
            + series.labels());
  }

  private static double value(
      Map<ScalingResource, Map<Integer, Double>> byResource, ScalingResource resource, int broker) {
    return byResource.getOrDefault(resource, Map.of()).getOrDefault(broker, 0.0);
  }
}
