package io.serverlesskafka.operator.kafka;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.operator.model.ClientConnection;
import io.serverlesskafka.operator.model.ListenerSecurity;
import io.serverlesskafka.operator.model.StrimziNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PEM certificates clients of a TLS listener must trust, read from the Secret in which Strimzi
 * publishes the cluster CA ({@code <cluster>-cluster-ca-cert}). Read with a GET and kept for {@link
 * #TTL}: the operator needs this one Secret per cluster, not a watch on every Secret Strimzi labels
 * (those include the brokers' private keys).
 */
public final class ClusterCaCertificates {
  /**
   * How long certificates read are used before the Secret is read again (Strimzi renews the CA).
   */
  public static final Duration TTL = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(String pem, Instant readAt) {}

  public ClusterCaCertificates(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * How clients reach the cluster, from its status ({@code bootstrapServers}, {@code
   * securityProtocol}) and, with TLS, its CA; empty while the cluster has no address yet or Strimzi
   * has not published the CA.
   */
  public Optional<ClientConnection> connection(ServerlessKafka cluster) {
    String bootstrap =
        cluster.getStatus() == null ? null : cluster.getStatus().getBootstrapServers();
    if (bootstrap == null) {
      return Optional.empty();
    }
    ListenerSecurity security =
        ListenerSecurity.fromProtocol(cluster.getStatus().getSecurityProtocol());
    if (!security.tls()) {
      return Optional.of(ClientConnection.plaintext(bootstrap));
    }
    return of(cluster).map(pem -> ClientConnection.tls(bootstrap, pem));
  }

  /** The cluster's CA certificates in PEM; empty until Strimzi has published them. */
  public Optional<String> of(ServerlessKafka cluster) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    // A cluster woken from hibernation is a new Kafka with a new CA, maybe at the same address:
    // what it was read
    // for is part of the key, so a woken cluster's CA is read afresh, not served from before it
    // slept.
    var status = cluster.getStatus();
    String key =
        ns
            + "/"
            + name
            + "|"
            + (status == null ? "" : status.getBootstrapServers())
            + "|"
            + (status == null || status.getLastWakeUp() == null
                ? ""
                : status.getLastWakeUp().getStartedAt());
    Instant now = clock.instant();
    Cached cached = cache.get(key);
    if (cached != null && cached.readAt().plus(TTL).isAfter(now)) {
      return Optional.of(cached.pem());
    }
    Secret secret =
        client.secrets().inNamespace(ns).withName(StrimziNames.clusterCaCertSecret(name)).get();
    Optional<String> pem = secret == null ? Optional.empty() : bundle(secret.getData());
    // only certificates are kept: a Secret that is not there yet is asked for again on the next
    // call
    String prefix = ns + "/" + name + "|";
    cache
        .keySet()
        .removeIf(k -> k.startsWith(prefix) && !k.equals(key)); // what the cluster was before
    pem.ifPresentOrElse(p -> cache.put(key, new Cached(p, now)), () -> cache.remove(key));
    return pem;
  }

  /**
   * Every certificate of the Secret: {@code ca.crt} (the current CA) first, then the others ending
   * in {@code .crt}, which Strimzi keeps while clients move from a replaced CA to its successor
   * (e.g. {@code ca-2025-01-01T00-00-00Z.crt}). Trusting all of them keeps clients connected
   * through the renewal.
   */
  public static Optional<String> bundle(Map<String, String> base64Data) {
    if (base64Data == null || base64Data.get(StrimziNames.CA_CERT_KEY) == null) {
      return Optional.empty();
    }
    List<String> pems = new ArrayList<>();
    pems.add(decode(base64Data.get(StrimziNames.CA_CERT_KEY)));
    base64Data.keySet().stream()
        .filter(k -> k.endsWith(".crt") && !k.equals(StrimziNames.CA_CERT_KEY))
        .sorted()
        .forEach(k -> pems.add(decode(base64Data.get(k))));
    String joined =
        String.join("\n", pems.stream().map(String::strip).filter(p -> !p.isEmpty()).toList());
    return joined.contains("-----BEGIN CERTIFICATE-----")
        ? Optional.of(joined + "\n")
        : Optional.empty();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
