package io.serverlesskafka.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ListenerSettings;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import org.junit.jupiter.api.Test;

class ListenerSecurityTest {
  private static ServerlessKafka cluster(Boolean tls) {
    ServerlessKafka k = new ServerlessKafka();
    k.setMetadata(
        new ObjectMetaBuilder().withName("shared").withNamespace("kafka").withUid("uid-1").build());
    if (tls != null) {
      ListenerSettings listener = new ListenerSettings();
      listener.setTls(tls);
      k.getSpec().setListener(listener);
    }
    return k;
  }

  private static GenericKafkaListener clientListener(Kafka kafka) {
    return kafka.getSpec().getKafka().getListeners().stream()
        .filter(l -> StrimziNames.CLIENT_LISTENER.equals(l.getName()))
        .findFirst()
        .orElseThrow();
  }

  /** A Kafka as the operator wrote it before TLS existed: the plain-text SCRAM listener on 9092. */
  private static Kafka runningPlaintext() {
    return new KafkaClusterModel(cluster(false)).kafka();
  }

  @Test
  void aNewClusterGetsScramOverTlsOnPort9093() {
    GenericKafkaListener listener = clientListener(new KafkaClusterModel(cluster(null)).kafka());
    assertThat(listener.isTls()).isTrue();
    assertThat(listener.getPort()).isEqualTo(9093);
    assertThat(listener.getAuth()).isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
  }

  @Test
  void plainTextIsAnExplicitChoice() {
    GenericKafkaListener listener =
        clientListener(new KafkaClusterModel(cluster(false)).kafka(null));
    assertThat(listener.isTls()).isFalse();
    assertThat(listener.getPort()).isEqualTo(9092);
    assertThat(listener.getAuth()).isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
  }

  @Test
  void aRunningPlainTextClusterWithoutTheFieldKeepsItsListener() {
    // switching would cut off the applications that hold the plain-text settings
    assertThat(
            clientListener(new KafkaClusterModel(cluster(null)).kafka(runningPlaintext())).isTls())
        .isFalse();
    assertThat(ListenerSecurity.decide(cluster(null).getSpec(), runningPlaintext()))
        .isEqualTo(ListenerSecurity.PLAINTEXT);
  }

  @Test
  void settingTheFieldSwitchesARunningCluster() {
    assertThat(
            clientListener(new KafkaClusterModel(cluster(true)).kafka(runningPlaintext())).isTls())
        .isTrue();
    Kafka runningTls = new KafkaClusterModel(cluster(null)).kafka();
    assertThat(clientListener(new KafkaClusterModel(cluster(false)).kafka(runningTls)).isTls())
        .isFalse();
  }

  @Test
  void theProtocolFollowsTheListener() {
    assertThat(ListenerSecurity.of(new KafkaClusterModel(cluster(null)).kafka()).securityProtocol())
        .isEqualTo("SASL_SSL");
    assertThat(ListenerSecurity.of(runningPlaintext()).securityProtocol())
        .isEqualTo("SASL_PLAINTEXT");
    assertThat(ListenerSecurity.of(null)).isNull();
    assertThat(ListenerSecurity.fromProtocol("SASL_SSL").tls()).isTrue();
    assertThat(ListenerSecurity.fromProtocol(null).tls())
        .as("a status written before TLS existed")
        .isFalse();
  }
}
