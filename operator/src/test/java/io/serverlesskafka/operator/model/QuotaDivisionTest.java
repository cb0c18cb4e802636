package io.serverlesskafka.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaSpec;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.TenantQuotaSettings;
import io.serverlesskafka.api.v1alpha1.Throughput;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaDivisionTest {
  private static final int MIB = 1_048_576;

  private static int perBroker(double bytes) {
    return (int) Math.ceil(bytes * TopicModel.QUOTA_WINDOW_CORRECTION);
  }

  private static TopicModel model(Double burstFactor) {
    ServerlessTopic t = new ServerlessTopic();
    t.setMetadata(
        new ObjectMetaBuilder().withName("orders").withNamespace("team-a").withUid("u1").build());
    t.getSpec().setThroughput(new Throughput(4.0, 8.0));
    ServerlessKafkaSpec spec = new ServerlessKafkaSpec();
    if (burstFactor != null) {
      TenantQuotaSettings quotas = new TenantQuotaSettings();
      quotas.setBurstFactor(burstFactor);
      spec.setTenantQuotas(quotas);
    }
    return new TopicModel(t, "kafka", "shared", ClusterSettings.of(spec));
  }

  @Test
  void dividesByTheDistinctBrokersLeadingThePartitions() {
    assertThat(QuotaBrokers.of(List.of(1, 2, 1, 2, 1, 2), 6)).isEqualTo(2);
    assertThat(QuotaBrokers.of(List.of(4, 4, 4), 3)).isEqualTo(1);
  }

  @Test
  void fallsBackToThePoolWhenLeadersAreUnknown() {
    assertThat(QuotaBrokers.of(null, 3)).isEqualTo(3);
    assertThat(QuotaBrokers.of(List.of(), 5)).isEqualTo(5);
    assertThat(QuotaBrokers.of(Arrays.asList(null, null), 4)).isEqualTo(4);
    assertThat(QuotaBrokers.of(Arrays.asList(7, null), 4)).isEqualTo(1);
  }

  @Test
  void perBrokerQuotaIsThroughputTimesBurstFactorOverLeaders() {
    var user = model(null).kafkaUser(2);
    assertThat(user.getSpec().getQuotas().getProducerByteRate()).isEqualTo(perBroker(2 * MIB));
    assertThat(user.getSpec().getQuotas().getConsumerByteRate()).isEqualTo(perBroker(4 * MIB));
    var burst = model(1.5).kafkaUser(2);
    assertThat(burst.getSpec().getQuotas().getProducerByteRate()).isEqualTo(perBroker(3 * MIB));
    assertThat(burst.getSpec().getQuotas().getConsumerByteRate()).isEqualTo(perBroker(6 * MIB));
  }

  @Test
  void tenantLimitStaysTheSameWhenThePoolGrowsButLeadersDoNot() {
    // 3 partitions led by brokers 0 and 1; the pool grows from 2 to 4 brokers without moving
    // leaders
    List<Integer> leaders = List.of(0, 1, 0);
    int before =
        model(null)
            .kafkaUser(QuotaBrokers.of(leaders, 2))
            .getSpec()
            .getQuotas()
            .getProducerByteRate();
    int after =
        model(null)
            .kafkaUser(QuotaBrokers.of(leaders, 4))
            .getSpec()
            .getQuotas()
            .getProducerByteRate();
    assertThat(after).isEqualTo(before);
    assertThat(after).isEqualTo(perBroker(2 * MIB));
  }
}
