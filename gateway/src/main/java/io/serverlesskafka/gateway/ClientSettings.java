package io.serverlesskafka.gateway;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * How the gateway reaches the brokers: bootstrap servers, the security protocol and SASL mechanism,
 * and any extra client properties (a truststore for {@code SASL_SSL}, timeouts). The caller's own
 * username and password go into the JAAS configuration of every client made for that caller, so the
 * brokers authenticate and authorize the caller, not the gateway.
 */
public record ClientSettings(
    String bootstrapServers,
    String securityProtocol,
    String saslMechanism,
    Map<String, String> extraProperties) {

  public static final String DEFAULT_SECURITY_PROTOCOL = "SASL_PLAINTEXT";
  public static final String DEFAULT_SASL_MECHANISM = "SCRAM-SHA-512";

  public ClientSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers are required");
    }
    extraProperties = Map.copyOf(extraProperties);
  }

  public static ClientSettings of(String bootstrapServers) {
    return new ClientSettings(
        bootstrapServers, DEFAULT_SECURITY_PROTOCOL, DEFAULT_SASL_MECHANISM, Map.of());
  }

  /** Properties common to every Kafka client made for {@code credentials}. */
  public Map<String, Object> forCredentials(Credentials credentials) {
    Map<String, Object> props = new HashMap<>(extraProperties);
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
    props.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
    props.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(saslMechanism, credentials));
    // Metrics and logs name the user, never the password.
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "gateway-" + credentials.username());
    return props;
  }

  /**
   * The JAAS line for the credentials. Kafka's JAAS parser reads quoted values with backslash
   * escapes, so quotes and backslashes in a username or password are escaped: a password cannot end
   * the quoted value and add options.
   */
  static String jaasConfig(String mechanism, Credentials credentials) {
    String module =
        mechanism.startsWith("SCRAM")
            ? "org.apache.kafka.common.security.scram.ScramLoginModule"
            : "org.apache.kafka.common.security.plain.PlainLoginModule";
    return module
        + " required username=\""
        + escape(credentials.username())
        + "\" password=\""
        + escape(credentials.password())
        + "\";";
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
