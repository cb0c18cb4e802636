package io.serverlesskafka.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuantitiesTest {
  @Test
  void parsesDurationsAndRetention() {
    assertThat(Quantities.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Quantities.retentionMillis("7d")).isEqualTo(604_800_000L);
    assertThat(Quantities.retentionMillis("-1")).isEqualTo(-1L);
    assertThatThrownBy(() -> Quantities.parseDuration("soon")).hasMessageContaining("soon");
  }

  @Test
  void parsesBinaryAndDecimalBytes() {
    assertThat(Quantities.parseBytes("1Gi")).isEqualTo(1L << 30);
    assertThat(Quantities.parseBytes("1G")).isEqualTo(1_000_000_000L);
    assertThat(Quantities.parseBytes("1.5Ki")).isEqualTo(1536L);
    assertThat(Quantities.retentionBytes("-1")).isEqualTo(-1L);
  }
}
