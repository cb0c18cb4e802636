package io.serverlesskafka.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serverlesskafka.autoscaler.scaling.BrokerMetrics;
import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.ClusterMetrics;
import io.serverlesskafka.autoscaler.scaling.MetricsUnavailableException;
import io.serverlesskafka.autoscaler.scaling.ScalingResource;
import io.serverlesskafka.autoscaler.simulation.SimulationClock;
import io.serverlesskafka.operator.model.ClusterSettings;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusMetricsSourceTest {
  private static final String NS = "kafka";
  private static final String CLUSTER = "shared";
  private static final Map<ScalingResource, String> DEFAULT_QUERIES =
      ClusterSettings.of(null).metricsSource().prometheusQueries();

  private final SimulationClock clock = new SimulationClock(Instant.parse("2025-01-01T00:00:00Z"));
  private FakePrometheus prometheus;

  @BeforeEach
  void start() throws Exception {
    prometheus = new FakePrometheus();
  }

  @AfterEach
  void stop() {
    prometheus.close();
  }

  private PrometheusMetricsSource source(String url) {
    return new PrometheusMetricsSource(
        new PrometheusClient(HttpClient.newHttpClient(), url, Duration.ofSeconds(5)),
        DEFAULT_QUERIES,
        NS,
        CLUSTER,
        clock,
        () -> 3,
        () -> false);
  }

  /** The default query for the resource as it reaches Prometheus, placeholders replaced. */
  private static String sent(ScalingResource resource) {
    return DEFAULT_QUERIES.get(resource).replace("$namespace", NS).replace("$cluster", CLUSTER);
  }

  private void answerAll(
      Map<String, String> ingress,
      Map<String, String> egress,
      Map<String, String> disk,
      Map<String, String> partitions) {
    prometheus.vector(sent(ScalingResource.INGRESS), ingress);
    prometheus.vector(sent(ScalingResource.EGRESS), egress);
    prometheus.vector(sent(ScalingResource.DISK), disk);
    prometheus.vector(sent(ScalingResource.PARTITIONS), partitions);
  }

  private static Map<String, String> pods(String... podAndValue) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < podAndValue.length; i += 2) {
      map.put(podAndValue[i], podAndValue[i + 1]);
    }
    return map;
  }

  @Test
  void readsEachBrokersLoadFromTheStrimziMetrics() {
    answerAll(
        pods("shared-brokers-100", "1048576", "shared-brokers-101", "2097152.5"),
        pods("shared-brokers-100", "3145728", "shared-brokers-101", "0"),
        pods("shared-brokers-100", "1e9", "shared-brokers-101", "2e9"),
        pods("shared-brokers-100", "40", "shared-brokers-101", "41"));

    ClusterMetrics metrics = source(prometheus.url()).collect();

    assertThat(metrics.servingBrokers())
        .containsExactly(
            new BrokerMetrics(100, new ClusterLoad(1048576, 3145728, 1e9, 40)),
            new BrokerMetrics(101, new ClusterLoad(2097152.5, 0, 2e9, 41)));
    assertThat(metrics.requestedBrokers()).isEqualTo(3);
    assertThat(metrics.time()).isEqualTo(clock.instant());
    assertThat(prometheus.queries)
        .contains(
            "sum by (kubernetes_pod_name) (rate(kafka_server_brokertopicmetrics_bytesin_total"
                + "{namespace=\"kafka\",strimzi_io_cluster=\"shared\",topic=\"\"}[1m]))");
  }

  @Test
  void aBrokerMissingFromOneQueryCountsZeroThere() {
    answerAll(
        pods("shared-brokers-0", "10", "shared-brokers-1", "20"),
        pods("shared-brokers-0", "5"),
        pods(),
        pods());

    ClusterMetrics metrics = source(prometheus.url()).collect();

    assertThat(metrics.readyBrokers()).isEqualTo(2);
    assertThat(metrics.totalLoad()).isEqualTo(new ClusterLoad(30, 5, 0, 0));
  }

  @Test
  void aPromqlErrorFailsTheSampleWithPrometheusMessage() {
    answerAll(
        pods("shared-brokers-0", "10"),
        pods("shared-brokers-0", "5"),
        pods("shared-brokers-0", "1"),
        pods("shared-brokers-0", "1"));
    prometheus.answer(
        sent(ScalingResource.EGRESS),
        422,
        "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query processing would load too many samples\"}");

    assertThatThrownBy(() -> source(prometheus.url()).collect())
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessage(
            "egress query: Prometheus at "
                + prometheus.url()
                + " answered HTTP 422: execution: query processing would load too many samples");
  }

  @Test
  void anUnreachablePrometheusFailsTheSample() {
    String url = prometheus.url();
    prometheus.close();

    assertThatThrownBy(() -> source(url).collect())
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessageStartingWith("ingress query: Prometheus at " + url + " is unreachable: ");
  }

  @Test
  void noSeriesAtAllIsAnErrorNotAnIdleCluster() {
    answerAll(pods(), pods(), pods(), pods());

    assertThatThrownBy(() -> source(prometheus.url()).collect())
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessageContaining("has no series for this cluster's brokers");
  }

  @Test
  void aRangeVectorOrAMissingPodLabelOrNaNIsRefused() {
    answerAll(pods("shared-brokers-0", "10"), pods("shared-brokers-0", "NaN"), pods(), pods());
    assertThatThrownBy(() -> source(prometheus.url()).collect())
        .hasMessage("the egress query returned NaN for broker 0");

    prometheus.answer(
        sent(ScalingResource.INGRESS),
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
    assertThatThrownBy(() -> source(prometheus.url()).collect())
        .hasMessage("ingress query: Prometheus query must return an instant vector, got matrix");

    prometheus.answer(
        sent(ScalingResource.INGRESS),
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"instance\":\"10.0.0.1:9404\"},\"value\":[1735689600,\"1\"]}]}}");
    assertThatThrownBy(() -> source(prometheus.url()).collect())
        .hasMessageContaining("without a broker pod label");
  }

  @Test
  void customQueriesGetTheClusterFilledIn() {
    Map<ScalingResource, String> custom = new LinkedHashMap<>(DEFAULT_QUERIES);
    custom.put(
        ScalingResource.INGRESS,
        "sum by (pod) (my_bytes_in{ns=\"$namespace\",kafka=\"$cluster\"})");
    answerAll(pods(), pods(), pods(), pods());
    prometheus.answer(
        "sum by (pod) (my_bytes_in{ns=\"kafka\",kafka=\"shared\"})",
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"pod\":\"shared-pool-a-7\"},\"value\":[1735689600,\"12.5\"]}]}}");

    ClusterMetrics metrics =
        new PrometheusMetricsSource(
                new PrometheusClient(
                    HttpClient.newHttpClient(), prometheus.url() + "/", Duration.ofSeconds(5)),
                custom,
                NS,
                CLUSTER,
                clock,
                () -> 1,
                () -> true)
            .collect();

    assertThat(metrics.servingBrokers())
        .containsExactly(new BrokerMetrics(7, new ClusterLoad(12.5, 0, 0, 0)));
    assertThat(metrics.reassignmentInProgress()).isTrue();
  }
}
