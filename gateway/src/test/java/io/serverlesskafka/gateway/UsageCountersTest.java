package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageCountersTest {
  @Test
  void countsRequestsPerRouteAndRecordsPerTopicInPrometheusText() {
    UsageCounters usage = new UsageCounters();
    usage.request("team-a.orders", Routes.Route.PRODUCE);
    usage.request("team-a.orders", Routes.Route.PRODUCE);
    usage.request("team-a.orders", Routes.Route.FETCH);
    usage.records(
        "team-a.orders", "in", List.of("team-a.orders", "team-a.orders", "team-a.orders"));
    usage.records("team-a.orders", "out", List.of("team-a.orders"));
    usage.request("we\"ird", Routes.Route.TOPICS);

    String text = new String(usage.exposition(), StandardCharsets.UTF_8);

    // The Prometheus client's text format: labels in name order, values as doubles.
    assertThat(text)
        .contains("# TYPE serverless_kafka_gateway_requests_total counter\n")
        .contains(
            "serverless_kafka_gateway_requests_total{route=\"produce\",user=\"team-a.orders\"} 2.0\n")
        .contains(
            "serverless_kafka_gateway_requests_total{route=\"fetch\",user=\"team-a.orders\"} 1.0\n")
        .contains(
            "serverless_kafka_gateway_records_total{direction=\"in\",topic=\"team-a.orders\",user=\"team-a.orders\"} 3.0\n")
        .contains(
            "serverless_kafka_gateway_records_total{direction=\"out\",topic=\"team-a.orders\",user=\"team-a.orders\"} 1.0\n")
        .contains(
            "serverless_kafka_gateway_requests_total{route=\"topics\",user=\"we\\\"ird\"} 1.0\n")
        .containsPattern(
            "serverless_kafka_gateway_info\\{instance=\""
                + usage.instance()
                + "\",start_time_seconds=\"\\d+\"} 1\n");
  }

  @Test
  void everyStartHasItsOwnInstanceId() {
    assertThat(new UsageCounters().instance())
        .hasSize(16)
        .isNotEqualTo(new UsageCounters().instance());
  }
}
