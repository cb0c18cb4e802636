package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicSpec;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicStatus;
import io.serverlesskafka.operator.model.StrimziNames;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The informers a cluster's reconcile reads (through {@link ClusterObserver}) and is woken by: what
 * the operator writes for a cluster, the KafkaTopics on it and the ServerlessTopics that use it.
 * What the operator writes carries the cluster's labels, not an owner reference ({@link
 * io.serverlesskafka.operator.model.ClusterOwnedMetadata}): it maps back through the cluster label,
 * in the object's own namespace.
 */
final class ClusterEventSources {
  private static final String MANAGED = ApiGroup.LABEL_MANAGED_BY + "=" + ApiGroup.MANAGED_BY_VALUE;

  final InformerEventSource<Kafka, ServerlessKafka> kafkas;
  final InformerEventSource<KafkaNodePool, ServerlessKafka> pools;
  final InformerEventSource<KafkaUser, ServerlessKafka> adminUsers;
  final InformerEventSource<KafkaTopic, ServerlessKafka> kafkaTopics;
  final InformerEventSource<ServerlessTopic, ServerlessKafka> topics;
  final InformerEventSource<Service, ServerlessKafka> services;

  ClusterEventSources(EventSourceContext<ServerlessKafka> context) {
    kafkas =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Kafka.class, ServerlessKafka.class)
                .withName("kafkas")
                .withLabelSelector(MANAGED)
                .withSecondaryToPrimaryMapper(byLabel(ApiGroup.LABEL_CLUSTER))
                .build(),
            context);
    pools =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(KafkaNodePool.class, ServerlessKafka.class)
                .withName("nodepools")
                .withLabelSelector(MANAGED)
                .withSecondaryToPrimaryMapper(byLabel(ApiGroup.LABEL_CLUSTER))
                .build(),
            context);
    // Topics' KafkaUsers carry the cluster label too; only the admin user is the cluster's own.
    SecondaryToPrimaryMapper<KafkaUser> adminUserMapper =
        u ->
            byLabel(ApiGroup.LABEL_CLUSTER).toPrimaryResourceIDs(u).stream()
                .filter(
                    id -> u.getMetadata().getName().equals(StrimziNames.adminUser(id.getName())))
                .collect(Collectors.toSet());
    // Topics' users carry the topic-namespace label: left out, so this cache holds a user per
    // cluster, not per topic.
    adminUsers =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(KafkaUser.class, ServerlessKafka.class)
                .withName("admin-users")
                .withLabelSelector(MANAGED + ",!" + ApiGroup.LABEL_TOPIC_NAMESPACE)
                .withSecondaryToPrimaryMapper(adminUserMapper)
                .build(),
            context);
    // Every KafkaTopic of a cluster (ours, retained, or made by hand) keeps data on its brokers.
    // Only its coming and going matters here, not Strimzi's status updates.
    kafkaTopics =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(KafkaTopic.class, ServerlessKafka.class)
                .withName("cluster-kafkatopics")
                .withLabelSelector(StrimziNames.LABEL_CLUSTER)
                .withSecondaryToPrimaryMapper(byLabel(StrimziNames.LABEL_CLUSTER))
                .withOnUpdateFilter(
                    (updated, old) ->
                        !Objects.equals(
                                updated.getMetadata().getDeletionTimestamp(),
                                old.getMetadata().getDeletionTimestamp())
                            || !Objects.equals(
                                updated.getMetadata().getLabels(), old.getMetadata().getLabels()))
                .build(),
            context);
    // Topics live in tenant namespaces; their resolved cluster (status.cluster) points back here.
    // Only a change of which cluster a topic uses, or its deletion, matters here: usage metering
    // updates every topic's status on a timer, and each of those used to wake every cluster.
    topics =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ServerlessTopic.class, ServerlessKafka.class)
                .withName("topics")
                .withWatchAllNamespaces()
                .withItemStore(TrimmedStore.keeping(ClusterEventSources::clusterFieldsOnly))
                .withSecondaryToPrimaryMapper(
                    t -> {
                      String key = clusterOf(t);
                      if (key == null || !key.contains("/")) {
                        return Set.of();
                      }
                      return Set.of(
                          new ResourceID(
                              key.substring(key.indexOf('/') + 1),
                              key.substring(0, key.indexOf('/'))));
                    })
                .withOnUpdateFilter(
                    (updated, old) ->
                        !Objects.equals(clusterOf(updated), clusterOf(old))
                            || !Objects.equals(
                                updated.getMetadata().getDeletionTimestamp(),
                                old.getMetadata().getDeletionTimestamp()))
                .build(),
            context);
    // The HTTP gateway's Service: whoever exposes it may announce its URL on it
    // (GatewayModel.ANNOTATION_URL).
    services =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Service.class, ServerlessKafka.class)
                .withName("gateway-services")
                .withLabelSelector(MANAGED)
                .withSecondaryToPrimaryMapper(byLabel(ApiGroup.LABEL_CLUSTER))
                .build(),
            context);
  }

  List<EventSource<?, ServerlessKafka>> all() {
    return List.of(kafkas, pools, adminUsers, kafkaTopics, topics, services);
  }

  /**
   * What the observer and the mappers read of a topic: its name, spec.cluster and status.cluster.
   */
  static ServerlessTopic clusterFieldsOnly(ServerlessTopic t) {
    ServerlessTopic kept = new ServerlessTopic();
    kept.setMetadata(t.getMetadata());
    kept.setSpec(new ServerlessTopicSpec());
    kept.getSpec().setCluster(t.getSpec() == null ? null : t.getSpec().getCluster());
    kept.setStatus(new ServerlessTopicStatus());
    kept.getStatus().setCluster(clusterOf(t));
    return kept;
  }

  private static String clusterOf(ServerlessTopic t) {
    return t.getStatus() == null ? null : t.getStatus().getCluster();
  }

  private static <T extends HasMetadata> SecondaryToPrimaryMapper<T> byLabel(String key) {
    return o -> {
      String name =
          o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
      return name == null ? Set.of() : Set.of(new ResourceID(name, o.getMetadata().getNamespace()));
    };
  }
}
