package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.strimzi.api.kafka.model.kafka.JbodStorageBuilder;
import io.strimzi.api.kafka.model.kafka.KRaftMetadataStorage;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimpleBuilder;
import io.strimzi.api.kafka.model.kafka.KafkaBuilder;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorageBuilder;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityTopicOperatorSpec;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityUserOperatorSpec;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListenerBuilder;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePoolBuilder;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the Strimzi resources of a ServerlessKafka: a KRaft {@code Kafka} with one SCRAM-SHA-512
 * listener (over TLS unless the spec says otherwise, see {@link ListenerSecurity}) and simple
 * authorization, a controller pool, a broker pool and the operator's admin KafkaUser. Pure: the
 * same inputs give the same objects, and nothing here talks to the API server.
 */
public final class KafkaClusterModel {
  private final ServerlessKafka cluster;
  private final ClusterSettings settings;

  public KafkaClusterModel(ServerlessKafka cluster) {
    this.cluster = cluster;
    this.settings = ClusterSettings.of(cluster.getSpec());
  }

  public ClusterSettings settings() {
    return settings;
  }

  /** The Kafka of a new cluster. */
  public Kafka kafka() {
    return kafka(null);
  }

  /**
   * The Kafka, given the one that runs now (null if none): its client listener is kept unless the
   * spec says.
   */
  public Kafka kafka(Kafka current) {
    ListenerSecurity security = ListenerSecurity.decide(cluster.getSpec(), current);
    Map<String, Object> config = new LinkedHashMap<>();
    // Internal topics and new topics must fit the smallest pool the autoscaler may shrink to.
    int rf = Math.min(3, settings.minBrokers());
    config.put("offsets.topic.replication.factor", rf);
    config.put("transaction.state.log.replication.factor", rf);
    config.put("transaction.state.log.min.isr", Math.max(1, rf - 1));
    config.put("default.replication.factor", rf);
    config.put("min.insync.replicas", Math.max(1, rf - 1));
    // Topics exist only through ServerlessTopics, so that each has an owner, credentials and
    // quotas.
    config.put("auto.create.topics.enable", false);
    config.putAll(settings.kafkaConfig());
    Kafka kafka =
        new KafkaBuilder()
            .withMetadata(metadata(name(), Map.of()))
            .withNewSpec()
            .withNewKafka()
            .withVersion(settings.kafkaVersion())
            .withListeners(
                new GenericKafkaListenerBuilder()
                    .withName(StrimziNames.CLIENT_LISTENER)
                    .withPort(security.port())
                    .withType(KafkaListenerType.INTERNAL)
                    .withTls(security.tls())
                    .withAuth(new KafkaListenerAuthenticationScramSha512())
                    .build())
            .withAuthorization(
                new KafkaAuthorizationSimpleBuilder()
                    .withSuperUsers(StrimziNames.adminUser(name()))
                    .build())
            .withConfig(config)
            .endKafka()
            .withNewEntityOperator()
            .withTopicOperator(new EntityTopicOperatorSpec())
            .withUserOperator(new EntityUserOperatorSpec())
            .endEntityOperator()
            .endSpec()
            .build();
    if (exportsMetrics()) {
      kafka.getSpec().getKafka().setMetricsConfig(KafkaMetricsModel.metricsConfig(name()));
    }
    return kafka;
  }

  /** Whether the brokers export Prometheus metrics: only for the autoscaler's Prometheus source. */
  public boolean exportsMetrics() {
    return settings.metricsSource().source()
        == io.serverlesskafka.api.v1alpha1.MetricsSourceType.Prometheus;
  }

  /** The JMX exporter rules the Kafka's metricsConfig points at (see {@link #exportsMetrics()}). */
  public io.fabric8.kubernetes.api.model.ConfigMap metricsConfigMap() {
    return KafkaMetricsModel.configMap(
        metadata(
            KafkaMetricsModel.configMapName(name()), Map.of(StrimziNames.LABEL_CLUSTER, name())));
  }

  public KafkaNodePool controllerPool() {
    return pool(
        StrimziNames.controllerPool(name()),
        ProcessRoles.CONTROLLER,
        settings.controllers(),
        settings.controllerStorageSize());
  }

  /**
   * The broker pool. Its size belongs to the autoscaler once the pool exists, so the caller passes
   * the current replicas; a new pool starts at brokers.min. A raised brokers.min takes effect here
   * at once; a lowered brokers.max does not: brokers must be drained before they go (Strimzi
   * refuses to remove a broker holding replicas, and would leave the pool stuck), so the autoscaler
   * lowers the pool through a drain. Each broker gets the CPU and memory of spec.kafka.resources.
   */
  public KafkaNodePool brokerPool(Integer currentReplicas) {
    int replicas = currentReplicas == null ? settings.minBrokers() : currentReplicas;
    replicas = Math.max(settings.minBrokers(), replicas);
    KafkaNodePool pool =
        pool(
            StrimziNames.brokerPool(name()), ProcessRoles.BROKER, replicas, settings.storageSize());
    pool.getSpec().setResources(settings.brokerResources());
    return pool;
  }

  public KafkaUser adminUser() {
    return new KafkaUserBuilder()
        .withMetadata(
            metadata(StrimziNames.adminUser(name()), Map.of(StrimziNames.LABEL_CLUSTER, name())))
        .withNewSpec()
        .withAuthentication(new KafkaUserScramSha512ClientAuthentication())
        .endSpec()
        .build();
  }

  private KafkaNodePool pool(String poolName, ProcessRoles role, int replicas, String size) {
    var volume =
        new PersistentClaimStorageBuilder()
            .withId(0)
            .withSize(size)
            .withDeleteClaim(settings.deleteClaim())
            .withKraftMetadata(KRaftMetadataStorage.SHARED);
    if (settings.storageClass() != null) {
      volume.withStorageClass(settings.storageClass());
    }
    return new KafkaNodePoolBuilder()
        .withMetadata(metadata(poolName, Map.of(StrimziNames.LABEL_CLUSTER, name())))
        .withNewSpec()
        .withReplicas(replicas)
        .withRoles(List.of(role))
        .withStorage(new JbodStorageBuilder().withVolumes(volume.build()).build())
        .endSpec()
        .build();
  }

  private String name() {
    return cluster.getMetadata().getName();
  }

  private ObjectMeta metadata(String objectName, Map<String, String> extraLabels) {
    return ClusterOwnedMetadata.of(cluster, objectName, extraLabels);
  }
}
