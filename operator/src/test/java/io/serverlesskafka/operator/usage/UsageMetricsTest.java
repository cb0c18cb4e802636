package io.serverlesskafka.operator.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.serverlesskafka.api.v1alpha1.TopicUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageMetricsTest {
  private static TopicUsage usage(long bytesIn, double cost) {
    TopicUsage u = new TopicUsage();
    u.setBytesIn(bytesIn);
    u.setBytesOut(0L);
    u.setRecordsIn(bytesIn / 100);
    u.setRecordsOut(0L);
    u.setStoredBytes(bytesIn);
    u.setCost(cost);
    u.setCurrency("USD");
    return u;
  }

  private static String scrape(PrometheusRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void countersCarryTheStatusTotalsAcrossARestartAndDisappearWithTheTopic() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    UsageMetrics metrics = new UsageMetrics(registry);
    // a restarted operator first sees the persisted totals
    metrics.record("team-a", "orders", "kafka/shared", usage(5000, 0.5));
    metrics.record("team-a", "orders", "kafka/shared", usage(7000, 0.7));
    String text = scrape(registry);
    assertThat(text)
        .contains(
            "serverless_kafka_topic_bytes_in_total{cluster=\"kafka/shared\",namespace=\"team-a\",topic=\"orders\"} 7000.0");
    assertThat(text)
        .contains(
            "serverless_kafka_topic_stored_bytes{cluster=\"kafka/shared\",namespace=\"team-a\",topic=\"orders\"} 7000.0");
    assertThat(text)
        .containsPattern("serverless_kafka_topic_cost_total\\{.*currency=\"USD\".*} 0.7");

    metrics.retain(Set.of());
    assertThat(scrape(registry)).doesNotContain("topic=\"orders\"");
  }
}
