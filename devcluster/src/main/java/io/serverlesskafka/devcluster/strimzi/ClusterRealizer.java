package io.serverlesskafka.devcluster.strimzi;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.devcluster.kafka.BrokerHasReplicasException;
import io.serverlesskafka.devcluster.kafka.LocalKafkaCluster;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.KafkaStatus;
import io.strimzi.api.kafka.model.kafka.KafkaStatusBuilder;
import io.strimzi.api.kafka.model.kafka.UsedNodePoolStatusBuilder;
import io.strimzi.api.kafka.model.kafka.listener.ListenerAddressBuilder;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatusBuilder;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePoolStatusBuilder;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Realizes a Strimzi {@code Kafka} and its node pools with a {@link LocalKafkaCluster}, with
 * Strimzi's rules: node IDs are the lowest free ones on scale-up; scale-down removes the highest ID
 * of the pool and is refused (Warning condition {@code ScaleDownPreventionCheck}, {@code
 * status.replicas} unchanged) while that broker still holds replicas. One controller process runs
 * whatever the controller pool's size.
 */
final class ClusterRealizer {
  static final String LISTENER = "scram";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRealizer.class);

  private final KubernetesClient client;
  private final StatusWriter statusWriter;
  private final Path dataRoot;
  private final Map<String, LocalKafkaCluster> clusters = new ConcurrentHashMap<>();

  /** Clusters whose broker volumes go with them (Strimzi's {@code deleteClaim}), by key. */
  private final Map<String, Boolean> deleteClaims = new ConcurrentHashMap<>();

  ClusterRealizer(KubernetesClient client, StatusWriter statusWriter, Path dataRoot) {
    this.client = client;
    this.statusWriter = statusWriter;
    this.dataRoot = dataRoot;
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  Optional<LocalKafkaCluster> running(String namespace, String name) {
    return Optional.ofNullable(clusters.get(key(namespace, name)))
        .filter(LocalKafkaCluster::isRunning);
  }

  void reconcile(Kafka kafka, List<KafkaNodePool> pools) {
    String ns = kafka.getMetadata().getNamespace();
    String name = kafka.getMetadata().getName();
    Optional<KafkaNodePool> brokerPool =
        pools.stream()
            .filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
            .findFirst();
    Optional<KafkaNodePool> controllerPool =
        pools.stream()
            .filter(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))
            .findFirst();
    if (brokerPool.isEmpty() || controllerPool.isEmpty()) {
      writeKafkaStatus(
          kafka,
          List.of(
              StrimziConditions.notReady(
                  "Creating", "waiting for a controller and a broker KafkaNodePool")),
          null);
      return;
    }
    LocalKafkaCluster cluster = clusters.get(key(ns, name));
    if (cluster != null && cluster.tls() != clientTls(kafka)) {
      // Strimzi rolls the brokers onto the changed listener; here they restart together, data kept
      LOG.info(
          "{}/{}: client listener now {}; restarting the brokers",
          ns,
          name,
          clientTls(kafka) ? "TLS" : "plain text");
      stop(key(ns, name));
      cluster = null;
    }
    if (cluster == null) {
      writeKafkaStatus(
          kafka,
          List.of(StrimziConditions.notReady("Creating", "Kafka cluster is being deployed")),
          null);
      cluster = start(kafka, brokerPool.get());
    }
    List<Condition> conditions = new ArrayList<>();
    scale(cluster, brokerPool.get()).ifPresent(conditions::add);
    conditions.add(0, StrimziConditions.ready());
    writePoolStatus(controllerPool.get(), List.of(cluster.controllerNodeId()), cluster.clusterId());
    writePoolStatus(brokerPool.get(), List.copyOf(cluster.brokerIds()), cluster.clusterId());
    writeKafkaStatus(kafka, conditions, cluster);
  }

  private LocalKafkaCluster start(Kafka kafka, KafkaNodePool brokerPool) {
    String ns = kafka.getMetadata().getNamespace();
    String name = kafka.getMetadata().getName();
    int replicas = brokerPool.getSpec().getReplicas();
    List<Integer> ids = new ArrayList<>();
    for (int id = 1; ids.size() < replicas; id++) {
      ids.add(id);
    }
    LocalKafkaCluster.Builder builder =
        LocalKafkaCluster.builder(dataRoot.resolve(ns).resolve(name))
            .brokerIds(ids)
            .tls(clientTls(kafka))
            .adminUser(superUser(kafka));
    Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
    if (config != null) {
      config.forEach((k, v) -> builder.brokerConfig(k, String.valueOf(v)));
    }
    LocalKafkaCluster cluster = builder.build();
    LOG.info("{}/{}: starting a local Kafka cluster with brokers {}", ns, name, ids);
    cluster.start();
    clusters.put(key(ns, name), cluster);
    deleteClaims.put(key(ns, name), deleteClaim(brokerPool));
    writeAdminSecret(kafka, cluster);
    writeClusterCaSecret(kafka, cluster);
    return cluster;
  }

  /**
   * Whether the Kafka's client listener asks for TLS ({@code tls: true}, as the operator writes
   * it).
   */
  private static boolean clientTls(Kafka kafka) {
    var listeners = kafka.getSpec().getKafka().getListeners();
    return listeners != null
        && listeners.stream().filter(l -> LISTENER.equals(l.getName())).anyMatch(l -> l.isTls());
  }

  /**
   * Strimzi's {@code <cluster>-cluster-ca-cert}: the CA certificate clients of TLS listeners trust.
   * Written at every start, so it always matches the CA kept with the cluster's data (a cluster
   * whose data was deleted has a new one).
   */
  private void writeClusterCaSecret(Kafka kafka, LocalKafkaCluster cluster) {
    String ns = kafka.getMetadata().getNamespace();
    String name = kafka.getMetadata().getName();
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(clusterCaCertSecret(name))
                .withNamespace(ns)
                .addToLabels("strimzi.io/kind", "Kafka")
                .addToLabels("strimzi.io/cluster", name)
                .addToLabels("app.kubernetes.io/managed-by", "strimzi-cluster-operator")
                .addToOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion(kafka.getApiVersion())
                        .withKind(kafka.getKind())
                        .withName(name)
                        .withUid(kafka.getMetadata().getUid())
                        .build())
                .endMetadata()
                .addToData("ca.crt", b64(cluster.clusterCa().caCertificatePem()))
                .build())
        .serverSideApply();
  }

  private static String clusterCaCertSecret(String cluster) {
    return cluster + "-cluster-ca-cert";
  }

  /**
   * Strimzi's rule for pools: add the lowest free IDs, remove the highest, never a broker with
   * replicas.
   */
  private Optional<Condition> scale(LocalKafkaCluster cluster, KafkaNodePool pool) {
    int desired = pool.getSpec().getReplicas();
    SortedSet<Integer> ids = new TreeSet<>(cluster.brokerIds());
    while (ids.size() < desired) {
      int id = 1;
      while (ids.contains(id) || id == cluster.controllerNodeId()) {
        id++;
      }
      cluster.addBroker(id);
      ids.add(id);
    }
    while (ids.size() > desired) {
      int highest = ids.last();
      try {
        cluster.removeBroker(highest);
        ids.remove(highest);
      } catch (BrokerHasReplicasException e) {
        String message =
            "Cannot scale down broker "
                + highest
                + " in pool "
                + pool.getMetadata().getName()
                + " because it has assigned partition-replicas; move them away first";
        LOG.warn("{}", message);
        return Optional.of(StrimziConditions.warning("ScaleDownPreventionCheck", message));
      }
    }
    return Optional.empty();
  }

  private void writePoolStatus(KafkaNodePool pool, List<Integer> nodeIds, String clusterId) {
    String cluster = pool.getMetadata().getLabels().get("strimzi.io/cluster");
    statusWriter.write(
        pool,
        new KafkaNodePoolStatusBuilder()
            .withObservedGeneration(pool.getMetadata().getGeneration())
            .withNodeIds(nodeIds)
            .withReplicas(nodeIds.size())
            .withRoles(pool.getSpec().getRoles())
            .withClusterId(clusterId)
            .withLabelSelector(
                "strimzi.io/cluster="
                    + cluster
                    + ",strimzi.io/name="
                    + cluster
                    + "-kafka,strimzi.io/kind=Kafka,strimzi.io/pool-name="
                    + pool.getMetadata().getName())
            .withConditions(StrimziConditions.ready())
            .build());
  }

  private void writeKafkaStatus(
      Kafka kafka, List<Condition> conditions, LocalKafkaCluster cluster) {
    KafkaStatusBuilder status =
        new KafkaStatusBuilder()
            .withObservedGeneration(kafka.getMetadata().getGeneration())
            .withConditions(conditions)
            .withKafkaVersion(kafka.getSpec().getKafka().getVersion());
    if (cluster != null) {
      status
          .withClusterId(cluster.clusterId())
          .withListeners(
              new ListenerStatusBuilder()
                  .withName(LISTENER)
                  .withAddresses(addresses(cluster.bootstrapServers()))
                  .build())
          .withKafkaNodePools(
              client
                  .resources(KafkaNodePool.class)
                  .inNamespace(kafka.getMetadata().getNamespace())
                  .withLabel("strimzi.io/cluster", kafka.getMetadata().getName())
                  .list()
                  .getItems()
                  .stream()
                  .map(
                      p ->
                          new UsedNodePoolStatusBuilder()
                              .withName(p.getMetadata().getName())
                              .build())
                  .toList());
    }
    KafkaStatus desired = status.build();
    if (sameStatus(kafka.getStatus(), desired)) {
      return;
    }
    if (cluster == null && kafka.getStatus() != null && kafka.getStatus().getListeners() != null) {
      // A merge patch keeps fields it leaves out: without this, a restarting cluster would report
      // its new
      // generation with the addresses of the brokers that are going away (Strimzi replaces its
      // status whole).
      statusWriter.write(kafka, java.util.Collections.singletonMap("listeners", null));
    }
    statusWriter.write(kafka, desired);
  }

  private static boolean sameStatus(KafkaStatus current, KafkaStatus desired) {
    if (current == null || current.getConditions() == null) {
      return false;
    }
    String a =
        current.getConditions().stream()
            .map(c -> c.getType() + c.getStatus() + c.getMessage())
            .collect(Collectors.joining());
    String b =
        desired.getConditions().stream()
            .map(c -> c.getType() + c.getStatus() + c.getMessage())
            .collect(Collectors.joining());
    return a.equals(b)
        && java.util.Objects.equals(
            current.getObservedGeneration(), desired.getObservedGeneration())
        && java.util.Objects.equals(current.getListeners(), desired.getListeners());
  }

  private static List<io.strimzi.api.kafka.model.kafka.listener.ListenerAddress> addresses(
      String bootstrap) {
    List<io.strimzi.api.kafka.model.kafka.listener.ListenerAddress> result = new ArrayList<>();
    for (String hostPort : bootstrap.split(",")) {
      int colon = hostPort.lastIndexOf(':');
      result.add(
          new ListenerAddressBuilder()
              .withHost(hostPort.substring(0, colon))
              .withPort(Integer.parseInt(hostPort.substring(colon + 1)))
              .build());
    }
    return result;
  }

  /**
   * The super user the Kafka spec names; Strimzi's user operator keeps its password in a Secret of
   * that name.
   */
  private static String superUser(Kafka kafka) {
    if (kafka.getSpec().getKafka().getAuthorization() instanceof KafkaAuthorizationSimple simple
        && simple.getSuperUsers() != null
        && !simple.getSuperUsers().isEmpty()) {
      return simple.getSuperUsers().get(0);
    }
    return kafka.getMetadata().getName() + "-admin";
  }

  private void writeAdminSecret(Kafka kafka, LocalKafkaCluster cluster) {
    String ns = kafka.getMetadata().getNamespace();
    UserSecrets.write(
        client,
        ns,
        kafka.getMetadata().getName(),
        cluster.adminUser(),
        cluster.adminPassword(),
        null);
  }

  private static boolean deleteClaim(KafkaNodePool pool) {
    var storage = pool.getSpec().getStorage();
    if (storage instanceof io.strimzi.api.kafka.model.kafka.JbodStorage jbod) {
      return jbod.getVolumes().stream()
          .allMatch(
              v ->
                  v instanceof io.strimzi.api.kafka.model.kafka.PersistentClaimStorage p
                          && p.isDeleteClaim()
                      || v instanceof io.strimzi.api.kafka.model.kafka.EphemeralStorage);
    }
    return storage instanceof io.strimzi.api.kafka.model.kafka.PersistentClaimStorage p
        ? p.isDeleteClaim()
        : storage instanceof io.strimzi.api.kafka.model.kafka.EphemeralStorage;
  }

  /**
   * The Kafka resource is gone: stop its processes, and remove its data when its volumes had
   * deleteClaim.
   */
  void deleted(String key) {
    stop(key);
    // Strimzi's CA Secrets go with their Kafka (owner reference); removed here as well, in case no
    // garbage collector runs
    String ns = key.substring(0, key.indexOf('/'));
    client
        .secrets()
        .inNamespace(ns)
        .withName(clusterCaCertSecret(key.substring(key.indexOf('/') + 1)))
        .delete();
    if (Boolean.TRUE.equals(deleteClaims.remove(key))) {
      Path dir = dataRoot.resolve(key);
      LOG.info("{}: deleteClaim is set, removing its data in {}", key, dir);
      try (var paths = java.nio.file.Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException e) {
        LOG.warn("{}: could not remove {}: {}", key, dir, e.toString());
      }
    }
  }

  void stop(String key) {
    LocalKafkaCluster cluster = clusters.remove(key);
    if (cluster != null) {
      LOG.info("{}: stopping its processes", key);
      cluster.stop();
    }
  }

  java.util.Set<String> keys() {
    return java.util.Set.copyOf(clusters.keySet());
  }

  void stopAll() {
    for (String key : keys()) {
      stop(key);
    }
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
