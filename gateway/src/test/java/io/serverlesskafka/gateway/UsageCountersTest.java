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

    assertThat(text)
        .contains("# TYPE serverless_kafka_gateway_requests_total counter\n")
        .contains(
            "serverless_kafka_gateway_requests_total{user=\"team-a.orders\",route=\"produce\"} 2\n")
        .contains(
            "serverless_kafka_gateway_requests_total{user=\"team-a.orders\",route=\"fetch\"} 1\n")
        .contains(
            "serverless_kafka_gateway_records_total{user=\"team-a.orders\",topic=\"team-a.orders\",direction=\"in\"} 3\n")
        .contains(
            "serverless_kafka_gateway_records_total{user=\"team-a.orders\",topic=\"team-a.orders\",direction=\"out\"} 1\n")
        .contains(
            "serverless_kafka_gateway_requests_total{user=\"we\\\"ird\",route=\"topics\"} 1\n")
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
