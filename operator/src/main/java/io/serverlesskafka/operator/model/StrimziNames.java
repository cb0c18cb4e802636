package io.serverlesskafka.operator.model;

/**
 * Names and labels of the Strimzi resources a ServerlessKafka becomes, and Strimzi's own label
 * keys.
 */
public final class StrimziNames {
  /** Strimzi's label tying node pools, topics and users to their Kafka cluster. */
  public static final String LABEL_CLUSTER = "strimzi.io/cluster";

  /** Strimzi's label on the Secrets its user operator writes. */
  public static final String LABEL_KIND = "strimzi.io/kind";

  /** Name of the SCRAM-SHA-512 listener clients connect to. */
  public static final String CLIENT_LISTENER = "scram";

  public static final int CLIENT_LISTENER_PORT = 9092;

  /** Its port when it encrypts (Strimzi's examples use 9093 for TLS listeners). */
  public static final int CLIENT_TLS_LISTENER_PORT = 9093;

  /** Key of the current CA certificate in Strimzi's cluster CA certificate Secret. */
  public static final String CA_CERT_KEY = "ca.crt";

  private StrimziNames() {}

  // Pool names carry the cluster name: pools are namespaced, and two clusters may share a
  // namespace.
  public static String controllerPool(String cluster) {
    return cluster + "-controllers";
  }

  public static String brokerPool(String cluster) {
    return cluster + "-brokers";
  }

  /**
   * The Secret in which Strimzi publishes the cluster CA's certificate ({@code ca.crt}) that signs
   * the brokers' certificates; while a renewed CA is rolled out it holds the previous one too.
   */
  public static String clusterCaCertSecret(String cluster) {
    return cluster + "-cluster-ca-cert";
  }

  /** The KafkaUser (and SCRAM user) the operator itself uses for Admin API calls. */
  public static String adminUser(String cluster) {
    return cluster + "-operator-admin";
  }
}
