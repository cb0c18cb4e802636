package io.serverlesskafka.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {
  @Test
  void trackedMapSizesAreExportedAsTheyAreAtEachScrape() {
    PrometheusRegistry registry = new PrometheusRegistry();
    OperatorMetrics metrics = new OperatorMetrics(registry);
    Map<String, String> map = new ConcurrentHashMap<>(Map.of("a", "1", "b", "2"));
    metrics.track("some_map", map::size);

    assertThat(tracked(registry)).containsEntry("some_map", 2.0).containsEntry("topic_states", 0.0);
    map.remove("a");
    assertThat(tracked(registry)).containsEntry("some_map", 1.0);
  }

  private static Map<String, Double> tracked(PrometheusRegistry registry) {
    Map<String, Double> sizes = new TreeMap<>();
    registry
        .scrape(name -> name.equals("serverless_kafka_operator_tracked_entries"))
        .forEach(
            snapshot ->
                ((GaugeSnapshot) snapshot)
                    .getDataPoints()
                    .forEach(p -> sizes.put(p.getLabels().get("map"), p.getValue())));
    return sizes;
  }
}
