package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Secret an application mounts: every key is a Kafka client property (or the topic/user names), and
 * {@code client.properties} holds them all as one properties file.
 */
public final class ClientSecretModel {
  public static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";
  public static final String SASL_MECHANISM = "SCRAM-SHA-512";
  /** Keys with KEDA's spelling of the SASL mechanism and TLS setting, for {@link ConsumerScalingModel}. */
  public static final String KEDA_SASL_KEY = "keda.sasl";
  public static final String KEDA_TLS_KEY = "keda.tls";

  private ClientSecretModel() {}

  private static Map<String, String> base64(Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return encoded;
  }

  public static Secret build(ServerlessTopic topic, String bootstrapServers, String password) {
    return build(topic, bootstrapServers, password, TopicNames.of(topic).groupPrefix());
  }

  /** @param groupPrefix the consumer group prefix the topic's credentials may use (see {@link TopicNames#groupPrefix()}) */
  public static Secret build(ServerlessTopic topic, String bootstrapServers, String password, String groupPrefix) {
    TopicNames names = TopicNames.of(topic);
    String jaas =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + names.kafkaUser() + "\" password=\"" + password + "\";";
    Map<String, String> data = new LinkedHashMap<>();
    data.put("bootstrap.servers", bootstrapServers);
    data.put("security.protocol", SECURITY_PROTOCOL);
    data.put("sasl.mechanism", SASL_MECHANISM);
    data.put("sasl.jaas.config", jaas);
    data.put("topic", names.kafkaTopic());
    data.put("username", names.kafkaUser());
    data.put("password", password);
    data.put("group.prefix", groupPrefix);
    // KEDA's Kafka scaler reads every authentication parameter from the Secret its TriggerAuthentication names
    data.put(KEDA_SASL_KEY, "scram_sha512");
    data.put(KEDA_TLS_KEY, "disable");
    StringBuilder props = new StringBuilder();
    for (String key : new String[] {"bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config"}) {
      props.append(key).append('=').append(data.get(key)).append('\n');
    }
    data.put("client.properties", props.toString());
    return new SecretBuilder()
        .withMetadata(TopicOwnedMetadata.of(topic, names.secretName(), Map.of()))
        .withType("Opaque")
        .withData(base64(data))
        .build();
  }
}
