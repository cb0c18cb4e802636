package io.serverlesskafka.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicSpec;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrimmedStoreTest {
  private static ServerlessTopic topic() {
    ServerlessTopic t = new ServerlessTopic();
    t.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName("orders")
            .withLabels(Map.of("a", "b"))
            .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
            .build());
    ServerlessTopicSpec spec = new ServerlessTopicSpec();
    spec.setCluster("kafka/shared");
    spec.setPartitions(12);
    t.setSpec(spec);
    ServerlessTopicStatus status = new ServerlessTopicStatus();
    status.setCluster("kafka/shared");
    status.setPartitions(12);
    t.setStatus(status);
    return t;
  }

  @Test
  void dropsManagedFieldsAndKeepsTheRest() {
    TrimmedStore<ServerlessTopic> store = TrimmedStore.withoutManagedFields();
    store.put(store.getKey(topic()), topic());

    ServerlessTopic kept = store.get("team-a/orders");
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getLabels()).containsEntry("a", "b");
    assertThat(kept.getSpec().getPartitions()).isEqualTo(12);
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.keySet().toList()).containsExactly("team-a/orders");
    store.remove("team-a/orders");
    assertThat(store.values().toList()).isEmpty();
  }

  @Test
  void theClusterControllersTopicsKeepOnlyWhatItReads() {
    TrimmedStore<ServerlessTopic> store =
        TrimmedStore.keeping(ClusterEventSources::clusterFieldsOnly);
    store.put("team-a/orders", topic());

    ServerlessTopic kept = store.get("team-a/orders");
    assertThat(kept.getMetadata().getName()).isEqualTo("orders");
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getSpec().getCluster()).isEqualTo("kafka/shared");
    assertThat(kept.getStatus().getCluster()).isEqualTo("kafka/shared");
    assertThat(kept.getSpec().getPartitions()).isNull();
    assertThat(kept.getStatus().getPartitions()).isNull();
    // what ClusterUsage makes of it is what it made of the whole topic
    assertThat(ClusterUsage.of(List.of(kept), List.of()).topics()).containsExactly("team-a/orders");
  }
}
