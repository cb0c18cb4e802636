package io.serverlesskafka.operator.kafka;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.operator.model.ClientConnection;
import io.serverlesskafka.operator.model.StrimziNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link ClusterAdmin} per ServerlessKafka, made from the cluster's address (and CA, with TLS)
 * and the password Strimzi wrote for {@code <cluster>-operator-admin}. A cluster whose Admin API
 * failed is left alone for {@link #BACKOFF}, so that reconciles of its topics do not each wait for
 * a timeout.
 */
public final class ClusterAdmins implements AutoCloseable {
  public static final Duration BACKOFF = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(ClusterAdmins.class);
  private final KubernetesClient client;
  private final Clock clock;
  private final ClusterCaCertificates caCertificates;
  private final Map<String, ClusterAdmin> admins = new ConcurrentHashMap<>();
  private final Map<String, Instant> failedAt = new ConcurrentHashMap<>();
  private final Map<String, CachedPassword> passwords = new ConcurrentHashMap<>();
  private final Function<ServerlessKafka, Optional<String>> passwordReader;

  /**
   * The admin password as last read, so that every Admin call does not cost an API server request.
   */
  private record CachedPassword(Optional<String> password, Instant readAt) {}

  /**
   * How long a read admin password is used before the Secret is read again (Strimzi may rotate it).
   */
  public static final Duration PASSWORD_TTL = Duration.ofSeconds(30);

  public ClusterAdmins(KubernetesClient client, Clock clock) {
    this(client, clock, new ClusterCaCertificates(client, clock));
  }

  public ClusterAdmins(KubernetesClient client, Clock clock, ClusterCaCertificates caCertificates) {
    this(client, clock, caCertificates, null);
  }

  /**
   * With the admin password read by {@code passwords} instead of from the Secret (tests without an
   * API server).
   */
  ClusterAdmins(
      KubernetesClient client,
      Clock clock,
      ClusterCaCertificates caCertificates,
      Function<ServerlessKafka, Optional<String>> passwords) {
    this.client = client;
    this.clock = clock;
    this.caCertificates = caCertificates;
    this.passwordReader = passwords != null ? passwords : this::readAdminPassword;
  }

  /**
   * Runs the call against the cluster's Admin API; empty when the cluster has no address or
   * credentials yet, failed recently, or fails now.
   */
  public <T> Optional<T> call(ServerlessKafka cluster, Function<ClusterAdmin, T> call) {
    String key = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
    Instant failed = failedAt.get(key);
    if (failed != null && failed.plus(BACKOFF).isAfter(clock.instant())) {
      return Optional.empty();
    }
    Optional<ClientConnection> connection = caCertificates.connection(cluster);
    Optional<String> password = connection.isEmpty() ? Optional.empty() : adminPassword(cluster);
    if (password.isEmpty()) {
      return Optional.empty();
    }
    try {
      // The lease is taken inside compute, where a replaced client is retired, so that no caller
      // holds a
      // client that was closed between the two; work that outlives the call takes a lease of its
      // own.
      ClusterAdmin admin =
          admins.compute(
              key,
              (k, existing) -> {
                if (existing != null
                    && existing.connectsTo(connection.get(), password.get())
                    && !existing.lostBrokers(clock.instant())) {
                  return existing.lease();
                }
                if (existing != null) {
                  existing.retire();
                }
                return new ClusterAdmin(
                        connection.get(),
                        StrimziNames.adminUser(cluster.getMetadata().getName()),
                        password.get())
                    .lease();
              });
      try {
        T result = call.apply(admin);
        failedAt.remove(key);
        return Optional.ofNullable(result);
      } finally {
        admin.release();
      }
    } catch (KafkaUnavailableException | KafkaException e) {
      // Kafka failed or did not answer, or the client could not be made (a ConfigException for an
      // address that
      // does not resolve). Nothing else is caught: a bug in the call (a NullPointerException, say)
      // fails the
      // reconcile with its stack trace instead of passing for an unreachable cluster and pausing
      // it.
      failedAt.put(key, clock.instant());
      passwords.remove(key); // a rotated password is one reason to fail; read it again next time
      LOG.info(
          "{} Admin API unavailable, retrying in {}s: {}",
          key,
          BACKOFF.toSeconds(),
          e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<String> adminPassword(ServerlessKafka cluster) {
    String key = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
    CachedPassword cached = passwords.get(key);
    Instant now = clock.instant();
    if (cached != null
        && cached.password().isPresent()
        && cached.readAt().plus(PASSWORD_TTL).isAfter(now)) {
      return cached.password();
    }
    Optional<String> password = passwordReader.apply(cluster);
    passwords.put(key, new CachedPassword(password, now));
    return password;
  }

  private Optional<String> readAdminPassword(ServerlessKafka cluster) {
    Secret secret =
        client
            .secrets()
            .inNamespace(cluster.getMetadata().getNamespace())
            .withName(StrimziNames.adminUser(cluster.getMetadata().getName()))
            .get();
    if (secret == null || secret.getData() == null || secret.getData().get("password") == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(
            Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8));
  }

  /** Closes the connections of clusters that no longer exist; keys are namespace/name. */
  public void retain(java.util.Set<String> clusters) {
    for (String key : List.copyOf(admins.keySet())) {
      if (!clusters.contains(key)) {
        forget(key);
      }
    }
    failedAt.keySet().retainAll(clusters);
    passwords.keySet().retainAll(clusters);
  }

  /**
   * Closes the connection of a deleted cluster (namespace/name) and forgets its password and
   * backoff. Called by the cluster's cleanup, so that this does not wait for the usage meter, which
   * may be off.
   */
  public void forget(String key) {
    ClusterAdmin admin = admins.remove(key);
    if (admin != null) {
      admin.close();
    }
    failedAt.remove(key);
    passwords.remove(key);
  }

  /** Admin clients open. */
  public int openClients() {
    return admins.size();
  }

  /**
   * Clusters with an open client, a cached password or a backoff (for the operator's
   * tracked-entries gauge).
   */
  public int trackedEntries() {
    java.util.Set<String> keys = new java.util.HashSet<>(admins.keySet());
    keys.addAll(failedAt.keySet());
    keys.addAll(passwords.keySet());
    return keys.size();
  }

  @Override
  public void close() {
    admins.values().forEach(ClusterAdmin::close);
    admins.clear();
  }
}
