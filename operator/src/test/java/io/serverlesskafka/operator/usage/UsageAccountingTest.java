package io.serverlesskafka.operator.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.serverlesskafka.api.v1alpha1.Pricing;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaSpec;
import io.serverlesskafka.api.v1alpha1.TopicUsage;
import io.serverlesskafka.operator.model.ClusterSettings;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageAccountingTest {
  private static final long GIB = 1L << 30;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static ClusterSettings prices() {
    Pricing p = new Pricing();
    p.setPerGiBIn(0.10);
    p.setPerGiBOut(0.05);
    p.setPerGiBMonthStored(0.10);
    p.setCurrency("EUR");
    ServerlessKafkaSpec spec = new ServerlessKafkaSpec();
    spec.setPricing(p);
    return ClusterSettings.of(spec);
  }

  @Test
  void firstSampleCountsEverythingSinceTheTopicWasCreated() {
    // 1000 records of 1 KiB each stored, one group consumed 400 of them
    TopicUsage u =
        UsageAccounting.add(
            null, new UsageSample(T0, 1000, 0, 1000, 1000 * 1024, Map.of("g", 400L)), prices());
    assertThat(u.getRecordsIn()).isEqualTo(1000);
    assertThat(u.getBytesIn()).isEqualTo(1000 * 1024);
    assertThat(u.getRecordsOut()).isEqualTo(400);
    assertThat(u.getBytesOut()).isEqualTo(400 * 1024);
    assertThat(u.getStoredBytes()).isEqualTo(1000 * 1024);
    assertThat(u.getSince()).isEqualTo(T0.toString());
    assertThat(u.getCurrency()).isEqualTo("EUR");
  }

  @Test
  void laterSamplesAddOnlyWhatIsNewAndSurviveRetention() {
    TopicUsage u1 =
        UsageAccounting.add(
            null, new UsageSample(T0, 1000, 0, 1000, 1000 * 1024, Map.of("g", 1000L)), prices());
    // retention deleted the first 800 records; 500 more were produced and the group read them all
    TopicUsage u2 =
        UsageAccounting.add(
            u1,
            new UsageSample(T0.plusSeconds(60), 1500, 800, 700, 700 * 1024, Map.of("g", 1500L)),
            prices());
    assertThat(u2.getRecordsIn()).isEqualTo(1500);
    assertThat(u2.getBytesIn()).isEqualTo(1500 * 1024);
    assertThat(u2.getRecordsOut()).isEqualTo(1500);
    assertThat(u2.getBytesOut()).isEqualTo(1500 * 1024);
    assertThat(u2.getSince()).isEqualTo(T0.toString());
  }

  @Test
  void aSampleTakenWhileTheLogGrowsIsCorrectedByTheNext() {
    // sizes read after more records landed: the stored bytes are ahead of the offsets
    TopicUsage u1 =
        UsageAccounting.add(
            null, new UsageSample(T0, 1000, 0, 1000, 1100 * 1024, Map.of()), prices());
    TopicUsage u2 =
        UsageAccounting.add(
            u1, new UsageSample(T0.plusSeconds(2), 1100, 0, 1100, 1100 * 1024, Map.of()), prices());
    assertThat(u2.getBytesIn()).isEqualTo(1100 * 1024);
  }

  @Test
  void aRestartedOperatorContinuesFromStatusWithoutCountingTwice() {
    TopicUsage u1 =
        UsageAccounting.add(
            null, new UsageSample(T0, 100, 0, 100, 100 * 1024, Map.of("g", 100L)), prices());
    // the same offsets seen again after a restart add nothing
    TopicUsage u2 =
        UsageAccounting.add(
            u1,
            new UsageSample(T0.plusSeconds(30), 100, 0, 100, 100 * 1024, Map.of("g", 100L)),
            prices());
    assertThat(u2.getRecordsIn()).isEqualTo(100);
    assertThat(u2.getRecordsOut()).isEqualTo(100);
    // a group that disappears and comes back from scratch is not counted again up to where it was
    TopicUsage u3 =
        UsageAccounting.add(
            u2, new UsageSample(T0.plusSeconds(60), 100, 0, 100, 100 * 1024, Map.of()), prices());
    TopicUsage u4 =
        UsageAccounting.add(
            u3,
            new UsageSample(T0.plusSeconds(90), 100, 0, 100, 100 * 1024, Map.of("g", 50L)),
            prices());
    assertThat(u4.getRecordsOut()).isEqualTo(100);
  }

  @Test
  void costAddsTransferAndStorageOverTime() {
    TopicUsage u1 =
        UsageAccounting.add(
            null, new UsageSample(T0, 1024, 0, 1024, 2 * GIB, Map.of("g", 1024L)), prices());
    // 2 GiB in at 0.10, 2 GiB out at 0.05
    assertThat(u1.getCost()).isCloseTo(0.30, within(1e-9));
    // 2 GiB kept for 30 days at 0.10 per GiB-month
    TopicUsage u2 =
        UsageAccounting.add(
            u1,
            new UsageSample(
                T0.plusSeconds(30L * 24 * 3600), 1024, 0, 1024, 2 * GIB, Map.of("g", 1024L)),
            prices());
    assertThat(u2.getStoredGiBHours()).isCloseTo(2 * 720.0, within(1e-6));
    assertThat(u2.getCost()).isCloseTo(0.30 + 0.20, within(1e-9));
  }
}
