package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {

  @Test
  void defaultsAreUpstashs() {
    assertThat(ConsumerSettings.fromHeaders(Map.<String, String>of()::get))
        .isEqualTo(new ConsumerSettings(true, 5000, "latest", 120_000));
  }

  @Test
  void readsTheHeaders() {
    Map<String, String> headers =
        Map.of(
            "Kafka-Enable-Auto-Commit",
            "false",
            "Kafka-Auto-Commit-Interval",
            "3000",
            "Kafka-Auto-Offset-Reset",
            "earliest",
            "Kafka-Session-Timeout-Ms",
            "30000");
    assertThat(ConsumerSettings.fromHeaders(headers::get))
        .isEqualTo(new ConsumerSettings(false, 3000, "earliest", 30_000));
  }

  @Test
  void rejectsBadValuesNamingTheHeader() {
    for (Map<String, String> bad :
        new Map[] {
          Map.of("Kafka-Enable-Auto-Commit", "yes"),
          Map.of("Kafka-Auto-Commit-Interval", "-1"),
          Map.of("Kafka-Auto-Offset-Reset", "oldest"),
          Map.of("Kafka-Session-Timeout-Ms", "100")
        }) {
      String header = bad.keySet().iterator().next();
      assertThatThrownBy(() -> ConsumerSettings.fromHeaders(bad::get))
          .isInstanceOfSatisfying(
              GatewayException.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessageContaining(header);
    }
  }
}
