package io.serverlesskafka.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.serverlesskafka.api.v1alpha1.BrokerSettings;
import io.serverlesskafka.api.v1alpha1.KafkaSettings;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.strimzi.api.kafka.model.kafka.JbodStorage;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClusterModelTest {
  private static ServerlessKafka cluster(Integer min, Integer max) {
    ServerlessKafka k = new ServerlessKafka();
    k.setMetadata(
        new ObjectMetaBuilder().withName("shared").withNamespace("kafka").withUid("uid-1").build());
    BrokerSettings brokers = new BrokerSettings();
    brokers.setMin(min);
    brokers.setMax(max);
    k.getSpec().setBrokers(brokers);
    return k;
  }

  @Test
  void newBrokerPoolStartsAtMinAndExistingPoolKeepsItsSize() {
    KafkaClusterModel model = new KafkaClusterModel(cluster(3, 12));
    assertThat(model.brokerPool(null).getSpec().getReplicas()).isEqualTo(3);
    assertThat(model.brokerPool(7).getSpec().getReplicas()).isEqualTo(7);
    assertThat(model.brokerPool(20).getSpec().getReplicas())
        .as("above max: kept until the autoscaler drains")
        .isEqualTo(20);
    assertThat(model.brokerPool(1).getSpec().getReplicas()).as("raised to min").isEqualTo(3);
  }

  @Test
  void internalTopicReplicationFitsTheSmallestPool() {
    Map<String, Object> config =
        new KafkaClusterModel(cluster(1, 3)).kafka().getSpec().getKafka().getConfig();
    assertThat(config)
        .containsEntry("offsets.topic.replication.factor", 1)
        .containsEntry("min.insync.replicas", 1)
        .containsEntry("auto.create.topics.enable", false);
  }

  @Test
  void userConfigOverridesDefaultsAndStorageFollowsSpec() {
    ServerlessKafka k = cluster(3, 6);
    KafkaSettings kafka = new KafkaSettings();
    kafka.setConfig(
        Map.of(
            "auto.create.topics.enable",
            new AnyType(true),
            "num.io.threads",
            new AnyType(16),
            "compression.type",
            new AnyType("zstd")));
    k.getSpec().setKafka(kafka);
    KafkaClusterModel model = new KafkaClusterModel(k);
    assertThat(model.kafka().getSpec().getKafka().getConfig())
        .as("values keep their type")
        .containsEntry("auto.create.topics.enable", true)
        .containsEntry("num.io.threads", 16)
        .containsEntry("compression.type", "zstd");
    var volume =
        (PersistentClaimStorage)
            ((JbodStorage) model.brokerPool(null).getSpec().getStorage()).getVolumes().get(0);
    assertThat(volume.getSize()).isEqualTo("100Gi");
    assertThat(volume.isDeleteClaim()).isFalse();
  }

  @Test
  void brokersGetTheResourcesOfTheSpecAndControllersNone() {
    ServerlessKafka k = cluster(3, 6);
    KafkaSettings kafka = new KafkaSettings();
    kafka.setResources(
        new ResourceRequirementsBuilder().addToRequests("memory", new Quantity("2Gi")).build());
    k.getSpec().setKafka(kafka);
    KafkaClusterModel model = new KafkaClusterModel(k);
    assertThat(model.brokerPool(null).getSpec().getResources().getRequests())
        .containsEntry("memory", new Quantity("2Gi"));
    assertThat(model.controllerPool().getSpec().getResources()).isNull();
    assertThat(new KafkaClusterModel(cluster(3, 6)).brokerPool(null).getSpec().getResources())
        .isNull();
  }

  @Test
  void aConfigValueThatIsAListOrAnObjectIsRefusedNamingTheKey() {
    KafkaSettings kafka = new KafkaSettings();
    kafka.setConfig(Map.of("log.dirs", new AnyType(List.of("a", "b"))));
    ServerlessKafka k = cluster(3, 6);
    k.getSpec().setKafka(kafka);
    assertThatThrownBy(() -> ClusterSettings.of(k.getSpec()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "spec.kafka.config.log.dirs must be a string, a number or a boolean, not a list");
    kafka.setConfig(Map.of("ssl", new AnyType(Map.of("protocol", "TLSv1.3"))));
    assertThatThrownBy(() -> ClusterSettings.of(k.getSpec()))
        .hasMessageContaining("spec.kafka.config.ssl", "not an object");
  }

  @Test
  void everyObjectRecordsItsOwnerWithoutAnOwnerReferenceTheGarbageCollectorWouldFollow() {
    KafkaClusterModel model = new KafkaClusterModel(cluster(3, 6));
    var cluster = cluster(3, 6);
    for (var object :
        java.util.List.of(
            model.kafka(), model.controllerPool(), model.brokerPool(null), model.adminUser())) {
      assertThat(object.getMetadata().getOwnerReferences()).isNullOrEmpty();
      assertThat(object.getMetadata().getAnnotations())
          .containsEntry(ClusterOwnedMetadata.ANNOTATION_OWNER_UID, "uid-1");
      assertThat(ClusterOwnedMetadata.ownedBy(object, cluster)).isTrue();
      assertThat(object.getMetadata().getNamespace()).isEqualTo("kafka");
    }
  }

  @Test
  void reportsMinAboveMaxOnlyAfterDefaults() {
    assertThat(ClusterSettings.of(cluster(null, 2).getSpec()).problem())
        .get()
        .asString()
        .contains("brokers.min (3)");
    assertThat(ClusterSettings.of(cluster(5, null).getSpec()).problem()).isEmpty();
  }

  @Test
  void theAutoscalerLimitsPartitionReplicasPerBrokerAsTheSpecSays() {
    var defaults = ClusterSettings.of(cluster(3, 6).getSpec()).autoscalerSettings().capacity();
    assertThat(defaults.of(io.serverlesskafka.autoscaler.scaling.ScalingResource.PARTITIONS))
        .isEqualTo(ClusterSettings.DEFAULT_BROKER_MAX_PARTITIONS);
    assertThat(defaults.limits(io.serverlesskafka.autoscaler.scaling.ScalingResource.DISK))
        .isFalse();
    ServerlessKafka k = cluster(1, 2);
    io.serverlesskafka.api.v1alpha1.BrokerCapacitySpec capacity =
        new io.serverlesskafka.api.v1alpha1.BrokerCapacitySpec();
    capacity.setMaxPartitions(1);
    capacity.setIngressMiBps(2.0);
    k.getSpec().getBrokers().setCapacity(capacity);
    var one = ClusterSettings.of(k.getSpec()).autoscalerSettings().capacity();
    assertThat(one.of(io.serverlesskafka.autoscaler.scaling.ScalingResource.PARTITIONS))
        .isEqualTo(1);
    assertThat(one.of(io.serverlesskafka.autoscaler.scaling.ScalingResource.INGRESS))
        .isEqualTo(2 * io.serverlesskafka.autoscaler.scaling.BrokerCapacity.MIB);
  }
}
