package io.serverlesskafka.operator.model;

/**
 * How an application reaches a cluster's client listener.
 *
 * @param bootstrapServers the listener's bootstrap address, from the ServerlessKafka's status
 * @param security TLS or plain text
 * @param caCertificates with TLS, the PEM certificates of the cluster CA that signs the brokers'
 *     certificates (the current one first, then any still trusted during a renewal); null otherwise
 */
public record ClientConnection(
    String bootstrapServers, ListenerSecurity security, String caCertificates) {
  public ClientConnection {
    if (security.tls() && (caCertificates == null || caCertificates.isBlank())) {
      throw new IllegalArgumentException("a TLS listener needs the cluster CA's certificates");
    }
  }

  public static ClientConnection plaintext(String bootstrapServers) {
    return new ClientConnection(bootstrapServers, ListenerSecurity.PLAINTEXT, null);
  }

  public static ClientConnection tls(String bootstrapServers, String caCertificates) {
    return new ClientConnection(bootstrapServers, ListenerSecurity.TLS, caCertificates);
  }
}
