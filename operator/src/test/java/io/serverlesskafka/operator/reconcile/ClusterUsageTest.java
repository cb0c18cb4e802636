package io.serverlesskafka.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClusterUsageTest {
  private static ServerlessTopic topic(String ns, String name) {
    ServerlessTopic t = new ServerlessTopic();
    t.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    return t;
  }

  @Test
  void aKafkaTopicNoServerlessTopicUsesIsRetained() {
    var usage =
        ClusterUsage.of(
            List.of(topic("team-b", "orders"), topic("team-a", "clicks")),
            List.of("team-a.clicks", "team-b.orders", "team-a.old-ledger"));
    assertThat(usage.topics()).containsExactly("team-a/clicks", "team-b/orders");
    assertThat(usage.retained()).containsExactly("team-a.old-ledger");
    assertThat(usage.inUse()).isTrue();
    assertThat(usage.listed())
        .containsExactly("team-a/clicks", "team-b/orders", "retained team-a.old-ledger");
    assertThat(usage.describe())
        .isEqualTo(
            "2 ServerlessTopic(s) and 1 retained Kafka topic(s) (team-a/clicks, team-b/orders, retained team-a.old-ledger)");
  }

  @Test
  void onlyRetainedTopicsStillKeepTheClusterInUse() {
    var usage = ClusterUsage.of(List.of(), List.of("team-a.kept"));
    assertThat(usage.inUse()).isTrue();
    assertThat(usage.topics()).isEmpty();
  }

  @Test
  void nothingServedIsNotInUse() {
    var usage = ClusterUsage.of(List.of(), List.of());
    assertThat(usage.inUse()).isFalse();
    assertThat(usage.listed()).isEmpty();
  }

  @Test
  void theStatusListsAtMostTwentyNamesAndTheMessageSaysThereAreMore() {
    var topics = IntStream.range(0, 30).mapToObj(i -> topic("t", "topic-" + (100 + i))).toList();
    var usage = ClusterUsage.of(topics, List.of());
    assertThat(usage.listed()).hasSize(ClusterUsage.LISTED).first().isEqualTo("t/topic-100");
    assertThat(usage.describe())
        .startsWith("30 ServerlessTopic(s) and 0 retained")
        .endsWith(", ...)");
  }
}
