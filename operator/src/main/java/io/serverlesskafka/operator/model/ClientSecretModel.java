package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Secret an application mounts: every key is a Kafka client property (or the topic/user names),
 * and {@code client.properties} holds the connection properties as one file that Kafka's console
 * tools take as it is ({@code --producer.config client.properties}). With TLS, {@code ca.crt} is
 * the cluster CA in PEM, and the same certificates are inline in {@code
 * ssl.truststore.certificates}: a properties file that pointed at a CA file would only work where
 * that file happens to be.
 */
public final class ClientSecretModel {
  public static final String SASL_MECHANISM = "SCRAM-SHA-512";

  /** Key of the cluster CA's PEM certificates, Strimzi's name for them. */
  public static final String CA_CERT_KEY = StrimziNames.CA_CERT_KEY;

  /**
   * Keys with KEDA's spelling of the SASL mechanism and TLS setting, for {@link
   * ConsumerScalingModel}.
   */
  /** The cluster's HTTP gateway, when {@code spec.rest.enabled}. */
  public static final String REST_URL_KEY = "rest.url";

  public static final String KEDA_SASL_KEY = "keda.sasl";
  public static final String KEDA_TLS_KEY = "keda.tls";

  /** The Kafka client properties, in the order client.properties lists them. */
  static final List<String> CLIENT_PROPERTIES =
      List.of(
          "bootstrap.servers",
          "security.protocol",
          "sasl.mechanism",
          "sasl.jaas.config",
          "ssl.truststore.type",
          "ssl.truststore.certificates");

  private ClientSecretModel() {}

  private static Map<String, String> base64(Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return encoded;
  }

  public static Secret build(ServerlessTopic topic, ClientConnection connection, String password) {
    return build(topic, connection, password, TopicNames.of(topic).groupPrefix());
  }

  /**
   * @param groupPrefix the consumer group prefix the topic's credentials may use (see {@link
   *     TopicNames#groupPrefix()})
   */
  public static Secret build(
      ServerlessTopic topic, ClientConnection connection, String password, String groupPrefix) {
    return build(topic, connection, password, groupPrefix, null);
  }

  /**
   * @param restUrl the cluster's HTTP gateway (status.restUrl), null when it runs none
   */
  public static Secret build(
      ServerlessTopic topic,
      ClientConnection connection,
      String password,
      String groupPrefix,
      String restUrl) {
    TopicNames names = TopicNames.of(topic);
    String jaas =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + names.kafkaUser()
            + "\" password=\""
            + password
            + "\";";
    Map<String, String> data = new LinkedHashMap<>();
    data.put("bootstrap.servers", connection.bootstrapServers());
    data.put("security.protocol", connection.security().securityProtocol());
    data.put("sasl.mechanism", SASL_MECHANISM);
    data.put("sasl.jaas.config", jaas);
    if (connection.security().tls()) {
      // Kafka clients (2.7 and later) read PEM trust stores, inline or from a file.
      data.put("ssl.truststore.type", "PEM");
      data.put("ssl.truststore.certificates", connection.caCertificates());
      data.put(CA_CERT_KEY, connection.caCertificates());
    }
    data.put("topic", names.kafkaTopic());
    data.put("username", names.kafkaUser());
    data.put("password", password);
    data.put("group.prefix", groupPrefix);
    if (restUrl != null) {
      // The HTTP gateway takes the same username and password (HTTP Basic); see docs/gateway.md.
      data.put(REST_URL_KEY, restUrl);
    }
    // KEDA's Kafka scaler reads every authentication parameter from the Secret its
    // TriggerAuthentication names
    data.put(KEDA_SASL_KEY, "scram_sha512");
    data.put(KEDA_TLS_KEY, connection.security().tls() ? "enable" : "disable");
    StringBuilder props = new StringBuilder();
    for (String key : CLIENT_PROPERTIES) {
      if (data.containsKey(key)) {
        props.append(propertiesLine(key, data.get(key)));
      }
    }
    data.put("client.properties", props.toString());
    return new SecretBuilder()
        .withMetadata(TopicOwnedMetadata.of(topic, names.secretName(), Map.of()))
        .withType("Opaque")
        .withData(base64(data))
        .build();
  }

  /**
   * One entry of a properties file. A multi-line value (PEM) keeps its line breaks as {@code \n}
   * escapes, and is continued over lines for the reader: Kafka finds every certificate of a PEM
   * bundle only when they are separated by line breaks, and a continuation line alone joins lines
   * without one.
   */
  static String propertiesLine(String key, String value) {
    String[] lines = value.strip().split("\r?\n");
    return key + "=" + String.join("\\n\\\n  ", lines) + "\n";
  }
}
