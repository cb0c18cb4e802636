package io.serverlesskafka.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.serverlesskafka.api.v1alpha1.ConsumerScaling;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.operator.keda.ScaledObject;
import io.serverlesskafka.operator.keda.TriggerAuthentication;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerScalingModelTest {
  private static ServerlessTopic topic(ConsumerScaling... consumers) {
    ServerlessTopic t = new ServerlessTopic();
    t.setMetadata(
        new ObjectMetaBuilder().withName("orders").withNamespace("team-a").withUid("u1").build());
    t.getSpec().setConsumers(List.of(consumers));
    return t;
  }

  private static ConsumerScaling consumer(String deployment, String group) {
    ConsumerScaling c = new ConsumerScaling();
    c.setDeployment(deployment);
    c.setGroup(group);
    return c;
  }

  @Test
  void scaledObjectTargetsTheDeploymentWithAKafkaTriggerOnTheTopicsGroup() {
    ConsumerScaling c = consumer("orders-worker", "workers");
    c.setLagThreshold(50);
    c.setActivationLagThreshold(5);
    c.setMaxReplicas(4);
    ScaledObject so =
        new ConsumerScalingModel(
                topic(c), ClientConnection.plaintext("shared-kafka-bootstrap.kafka.svc:9092"), 6)
            .scaledObjects()
            .get(0);

    assertThat(so.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
    assertThat(so.getKind()).isEqualTo("ScaledObject");
    assertThat(so.getMetadata().getName()).isEqualTo("orders.orders-worker");
    assertThat(so.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(so.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("ServerlessTopic");
              assertThat(o.getUid()).isEqualTo("u1");
            });
    assertThat(so.getSpec().getScaleTargetRef().getName()).isEqualTo("orders-worker");
    assertThat(so.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(so.getSpec().getMinReplicaCount()).isZero();
    assertThat(so.getSpec().getMaxReplicaCount()).isEqualTo(4);
    var trigger = so.getSpec().getTriggers().get(0);
    assertThat(trigger.getType()).isEqualTo("kafka");
    assertThat(trigger.getAuthenticationRef().getName()).isEqualTo("orders-kafka");
    assertThat(trigger.getMetadata())
        .containsEntry("bootstrapServers", "shared-kafka-bootstrap.kafka.svc:9092")
        // the user's ACLs allow groups prefixed team-a.orders_
        .containsEntry("consumerGroup", "team-a.orders_workers")
        .containsEntry("topic", "team-a.orders")
        .containsEntry("lagThreshold", "50")
        .containsEntry("activationLagThreshold", "5")
        // an empty topic stays at zero; its first record is lag (see OFFSET_RESET_POLICY)
        .containsEntry("offsetResetPolicy", "earliest")
        .containsEntry("scaleToZeroOnInvalidOffset", "false");
  }

  @Test
  void defaultsScaleToZeroWithAtMostOneReplicaPerPartition() {
    ScaledObject so =
        new ConsumerScalingModel(topic(consumer("w", "g")), ClientConnection.plaintext("b:9092"), 6)
            .scaledObjects()
            .get(0);
    assertThat(so.getSpec().getMinReplicaCount()).isZero();
    assertThat(so.getSpec().getMaxReplicaCount()).isEqualTo(6);
    assertThat(so.getSpec().getTriggers().get(0).getMetadata())
        .containsEntry("lagThreshold", "100")
        .containsEntry("activationLagThreshold", "0");
    assertThat(so.getSpec().getPollingInterval()).isEqualTo(30);
    assertThat(so.getSpec().getCooldownPeriod()).isEqualTo(300);
  }

  @Test
  void pollingIntervalAndCooldownPeriodAreTheConsumersOwn() {
    ConsumerScaling consumer = consumer("w", "g");
    consumer.setPollingInterval(5);
    consumer.setCooldownPeriod(0);
    ScaledObject so =
        new ConsumerScalingModel(topic(consumer), ClientConnection.plaintext("b:9092"), 6)
            .scaledObjects()
            .get(0);
    assertThat(so.getSpec().getPollingInterval()).isEqualTo(5);
    assertThat(so.getSpec().getCooldownPeriod()).isZero();
  }

  @Test
  void triggerAuthenticationReadsScramCredentialsFromTheTopicSecret() {
    TriggerAuthentication ta =
        new ConsumerScalingModel(topic(consumer("w", "g")), ClientConnection.plaintext("b:9092"), 3)
            .triggerAuthentication();
    assertThat(ta.getMetadata().getName()).isEqualTo("orders-kafka");
    assertThat(ta.getSpec().getSecretTargetRef())
        .extracting(r -> r.getParameter() + "=" + r.getName() + "/" + r.getKey())
        .containsExactly(
            "sasl=orders-kafka/keda.sasl",
            "username=orders-kafka/username",
            "password=orders-kafka/password",
            "tls=orders-kafka/keda.tls");
    var secret = ClientSecretModel.build(topic(), ClientConnection.plaintext("b:9092"), "pw");
    assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("keda.sasl"))))
        .isEqualTo("scram_sha512");
    assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("keda.tls"))))
        .isEqualTo("disable");
  }

  @Test
  void withTlsTheTriggerAuthenticationGivesKedaTheClusterCa() {
    String ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    TriggerAuthentication ta =
        new ConsumerScalingModel(topic(consumer("w", "g")), ClientConnection.tls("b:9093", ca), 3)
            .triggerAuthentication();
    assertThat(ta.getSpec().getSecretTargetRef())
        .extracting(r -> r.getParameter() + "=" + r.getName() + "/" + r.getKey())
        .containsExactly(
            "sasl=orders-kafka/keda.sasl",
            "username=orders-kafka/username",
            "password=orders-kafka/password",
            "tls=orders-kafka/keda.tls",
            "ca=orders-kafka/ca.crt");
    var secret = ClientSecretModel.build(topic(), ClientConnection.tls("b:9093", ca), "pw");
    assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("keda.tls"))))
        .isEqualTo("enable");
    assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("ca.crt"))))
        .isEqualTo(ca);
  }

  @Test
  void serializesInKedasShape() {
    String yaml =
        new KubernetesSerialization()
            .asYaml(
                new ConsumerScalingModel(
                        topic(consumer("w", "g")), ClientConnection.plaintext("b:9092"), 3)
                    .scaledObjects()
                    .get(0));
    assertThat(yaml)
        .contains("apiVersion: \"keda.sh/v1alpha1\"")
        .contains("scaleTargetRef:")
        .contains("minReplicaCount: 0")
        .contains("authenticationRef:")
        .doesNotContain("status:");
  }

  @Test
  void scaledObjectNamesOfDifferentTopicAndDeploymentPairsNeverCollide() {
    // With '-' as separator, topic a + deployment b-c and topic a-b + deployment c both gave a-b-c.
    String one = ConsumerScalingModel.scaledObjectName(new TopicNames("team-a", "a"), "b-c");
    String two = ConsumerScalingModel.scaledObjectName(new TopicNames("team-a", "a-b"), "c");
    assertThat(one).isEqualTo("a.b-c");
    assertThat(two).isEqualTo("a-b.c");
    // Topic names may hold dots, Deployment names may not: the last dot splits the pair
    // unambiguously.
    assertThat(ConsumerScalingModel.scaledObjectName(new TopicNames("team-a", "a.b"), "c"))
        .isNotEqualTo(ConsumerScalingModel.scaledObjectName(new TopicNames("team-a", "a"), "b-c"));
  }

  @Test
  void longScaledObjectNamesAreShortenedWithAHashOfTheFullName() {
    String topic = "t".repeat(60);
    String a = ConsumerScalingModel.scaledObjectName(new TopicNames("team-a", topic), "worker-a");
    String b = ConsumerScalingModel.scaledObjectName(new TopicNames("team-a", topic), "worker-b");
    assertThat(a)
        .hasSizeLessThanOrEqualTo(63)
        .isNotEqualTo(b)
        .matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
    assertThat(b).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void ownedObjectsCarryTheTopicsOwnerAnnotations() {
    ScaledObject so =
        new ConsumerScalingModel(topic(consumer("w", "g")), ClientConnection.plaintext("b:9092"), 3)
            .scaledObjects()
            .get(0);
    assertThat(so.getMetadata().getAnnotations())
        .containsEntry("serverlesskafka.io/owner", "ServerlessTopic/team-a/orders")
        .containsKey("serverlesskafka.io/owner-uid");
    var secret = ClientSecretModel.build(topic(), ClientConnection.plaintext("b:9092"), "pw");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("serverlesskafka.io/owner", "ServerlessTopic/team-a/orders");
  }
}
