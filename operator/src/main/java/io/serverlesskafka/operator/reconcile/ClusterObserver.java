package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.serverlesskafka.api.v1alpha1.ProvisioningMode;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.StrimziNames;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.List;

/**
 * Reads what a cluster's decision needs into a {@link ClusterObservation}: the informers' caches,
 * and the API server for what must not be stale (the broker pool's size, and whether anything still
 * needs the brokers of a cluster about to hibernate).
 */
final class ClusterObserver {
  private final ClusterEventSources sources;
  private final WrittenStatus written;

  ClusterObserver(ClusterEventSources sources, WrittenStatus written) {
    this.sources = sources;
    this.written = written;
  }

  ClusterObservation observe(KubernetesClient client, ServerlessKafka cached) {
    ServerlessKafka cluster = written.freshest(cached);
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    ClusterUsage usage = usageOf(cluster);
    if (cluster.getMetadata().getDeletionTimestamp() != null && !usage.inUse()) {
      // the cluster goes: nothing else matters
      return new ClusterObservation(cluster, usage, null, null, null, null, null);
    }
    ClusterSettings settings = validSettings(cluster);
    if (settings == null) {
      // nothing is applied from an invalid spec, so nothing else is read
      return new ClusterObservation(cluster, usage, null, null, null, null, null);
    }
    ClusterObservation.Hibernation hibernation =
        settings.provisioning() == ProvisioningMode.OnDemand && usage.topics().isEmpty()
            ? hibernation(client, ns, name)
            : null;
    // The pool's size is owned by whoever scaled it last (the autoscaler, or a person): read it
    // live, not from the informer cache, so that re-applying the pool never puts back a size from
    // a moment ago.
    KafkaNodePool livePool =
        client
            .resources(KafkaNodePool.class)
            .inNamespace(ns)
            .withName(StrimziNames.brokerPool(name))
            .get();
    return new ClusterObservation(
        cluster,
        usage,
        sources.kafkas.get(new ResourceID(name, ns)).orElse(null),
        sources.adminUsers.get(new ResourceID(StrimziNames.adminUser(name), ns)).orElse(null),
        sources.pools.get(new ResourceID(StrimziNames.brokerPool(name), ns)).orElse(null),
        livePool,
        hibernation);
  }

  private static ClusterSettings validSettings(ServerlessKafka cluster) {
    try {
      ClusterSettings settings = ClusterSettings.of(cluster.getSpec());
      return settings.problem().isPresent() ? null : settings;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Read live: hibernation deletes the Kafka, and the informer may still hold it. */
  private static ClusterObservation.Hibernation hibernation(
      KubernetesClient client, String ns, String name) {
    boolean running = client.resources(Kafka.class).inNamespace(ns).withName(name).get() != null;
    boolean needed =
        running
            && (!client
                    .resources(KafkaTopic.class)
                    .inNamespace(ns)
                    .withLabel(StrimziNames.LABEL_CLUSTER, name)
                    .list()
                    .getItems()
                    .isEmpty()
                || client
                    .resources(KafkaUser.class)
                    .inNamespace(ns)
                    .withLabel(StrimziNames.LABEL_CLUSTER, name)
                    .list()
                    .getItems()
                    .stream()
                    .anyMatch(
                        u -> !u.getMetadata().getName().equals(StrimziNames.adminUser(name))));
    return new ClusterObservation.Hibernation(running, needed);
  }

  /** The ServerlessTopics placed on the cluster and its KafkaTopics, from the informers. */
  private ClusterUsage usageOf(ServerlessKafka cluster) {
    List<ServerlessTopic> placed =
        sources
            .topics
            .list(
                t ->
                    ClusterResolver.refersTo(
                        t.getSpec() == null ? null : t.getSpec().getCluster(),
                        t.getStatus() == null ? null : t.getStatus().getCluster(),
                        cluster))
            .toList();
    String name = cluster.getMetadata().getName();
    List<String> kafkaTopicNames =
        sources
            .kafkaTopics
            .list(
                cluster.getMetadata().getNamespace(),
                t -> name.equals(t.getMetadata().getLabels().get(StrimziNames.LABEL_CLUSTER)))
            .map(t -> t.getMetadata().getName())
            .toList();
    return ClusterUsage.of(placed, kafkaTopicNames);
  }
}
