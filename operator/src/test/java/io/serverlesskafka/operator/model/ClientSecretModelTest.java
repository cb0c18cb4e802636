package io.serverlesskafka.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClientSecretModelTest {
  private static final String CA =
      """
      -----BEGIN CERTIFICATE-----
      MIIBszCCAVmgAwIBAgIUAAAAAAAAAAAAAAAAAAAAAAAAAAAwCgYIKoZIzj0EAwIw
      Fx0kQ0E=
      -----END CERTIFICATE-----
      -----BEGIN CERTIFICATE-----
      MIIBszCCAVmgAwIBAgIUBBBBBBBBBBBBBBBBBBBBBBBBBBBwCgYIKoZIzj0EAwIw
      -----END CERTIFICATE-----
      """;

  private static ServerlessTopic topic() {
    ServerlessTopic t = new ServerlessTopic();
    t.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders")
            .withNamespace("team-a")
            .withUid("uid-t")
            .build());
    return t;
  }

  private static String value(Secret secret, String key) {
    String encoded = secret.getData().get(key);
    return encoded == null
        ? null
        : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  private static Properties clientProperties(Secret secret) throws Exception {
    Properties props = new Properties();
    props.load(new StringReader(value(secret, "client.properties")));
    return props;
  }

  @Test
  void tlsSecretCarriesTheCaAsAFileAndInlineInClientProperties() throws Exception {
    Secret secret =
        ClientSecretModel.build(
            topic(), ClientConnection.tls("shared-kafka-bootstrap.kafka.svc:9093", CA), "pw");
    assertThat(value(secret, "security.protocol")).isEqualTo("SASL_SSL");
    assertThat(value(secret, "ca.crt")).isEqualTo(CA);
    assertThat(value(secret, "ssl.truststore.type")).isEqualTo("PEM");
    assertThat(value(secret, "ssl.truststore.certificates")).isEqualTo(CA);

    // what Kafka's tools do with --producer.config: java.util.Properties
    Properties props = clientProperties(secret);
    assertThat(props.getProperty("bootstrap.servers"))
        .isEqualTo("shared-kafka-bootstrap.kafka.svc:9093");
    assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(props.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(props.getProperty("sasl.jaas.config"))
        .contains("username=\"team-a.orders\" password=\"pw\"");
    assertThat(props.getProperty("ssl.truststore.type")).isEqualTo("PEM");
    // line breaks survive: Kafka finds the second certificate of a bundle only after one
    assertThat(props.getProperty("ssl.truststore.certificates")).isEqualTo(CA.strip());
    assertThat(props.stringPropertyNames()).doesNotContain("ssl.truststore.location");
  }

  @Test
  void plainTextSecretHasNoTrustStore() throws Exception {
    Secret secret = ClientSecretModel.build(topic(), ClientConnection.plaintext("b:9092"), "pw");
    assertThat(value(secret, "security.protocol")).isEqualTo("SASL_PLAINTEXT");
    assertThat(secret.getData())
        .doesNotContainKeys("ca.crt", "ssl.truststore.type", "ssl.truststore.certificates");
    assertThat(clientProperties(secret).stringPropertyNames())
        .containsExactlyInAnyOrder(
            "bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config");
    assertThat(value(secret, "keda.tls")).isEqualTo("disable");
  }

  @Test
  void restUrlIsThereOnlyWhenTheClusterRunsAGateway() {
    assertThat(
            value(
                ClientSecretModel.build(topic(), ClientConnection.plaintext("b:9092"), "pw"),
                "rest.url"))
        .isNull();
    Secret secret =
        ClientSecretModel.build(
            topic(),
            ClientConnection.plaintext("b:9092"),
            "pw",
            "team-a.orders_",
            "http://shared-rest.kafka.svc:8082");
    assertThat(value(secret, "rest.url")).isEqualTo("http://shared-rest.kafka.svc:8082");
    assertThat(value(secret, "username")).isEqualTo("team-a.orders");
  }

  @Test
  void tlsWithoutACaIsRefused() {
    assertThatThrownBy(() -> ClientConnection.tls("b:9093", " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
