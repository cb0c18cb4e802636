package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.DeletionPolicy;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.events.EventRecorder;
import io.serverlesskafka.operator.kafka.ClusterCaCertificates;
import io.serverlesskafka.operator.kafka.PartitionLeaders;
import io.serverlesskafka.operator.metrics.OperatorMetrics;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.QuotaBrokers;
import io.serverlesskafka.operator.model.StrimziNames;
import io.serverlesskafka.operator.model.TopicModel;
import io.serverlesskafka.operator.model.TopicNames;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.status.Conditions;
import io.serverlesskafka.operator.status.StatusWriter;
import io.serverlesskafka.operator.tenancy.Ownership;
import io.serverlesskafka.operator.tenancy.TopicOwner;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ServerlessTopic → KafkaTopic and KafkaUser in the cluster's namespace, and the client Secret and
 * KEDA objects in the tenant's namespace. Observe (namespace, cluster, any existing objects of the
 * topic's names) → decide ({@link TopicDecider}, pure) → act (writes, the KEDA step) → one status
 * write and the Events.
 */
@ControllerConfiguration(name = ServerlessTopicReconciler.NAME)
public class ServerlessTopicReconciler
    implements Reconciler<ServerlessTopic>, Cleaner<ServerlessTopic> {
  public static final String NAME = "serverlesstopic";
  private static final Logger LOG = LoggerFactory.getLogger(ServerlessTopicReconciler.class);

  private final KubernetesClient client;
  private final ResourceApplier applier;
  private final OwnedSecrets secrets;
  private final TopicDecider decider;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final PartitionLeaders leaders;
  private final ConsumerScalingStep consumerScaling;
  private final ClusterCaCertificates caCertificates;
  private InformerEventSource<ServerlessKafka, ServerlessTopic> clusters;
  private InformerEventSource<KafkaTopic, ServerlessTopic> kafkaTopics;
  private InformerEventSource<KafkaUser, ServerlessTopic> kafkaUsers;
  private InformerEventSource<Secret, ServerlessTopic> userSecrets;
  private InformerEventSource<Namespace, ServerlessTopic> namespaces;

  private Set<String> userSecretNamespaces = Set.of();

  public ServerlessTopicReconciler(
      KubernetesClient client,
      ResourceApplier applier,
      StatusWriter statusWriter,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock,
      PartitionLeaders leaders,
      ConsumerScalingStep consumerScaling,
      ClusterCaCertificates caCertificates) {
    this.client = client;
    this.secrets = new OwnedSecrets(client);
    this.decider = new TopicDecider(clock);
    this.caCertificates = caCertificates;
    this.leaders = leaders;
    this.consumerScaling = consumerScaling;
    this.applier = applier;
    this.statusWriter = statusWriter;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Namespaces that hold ServerlessKafkas, where Strimzi's user Secrets are watched; empty = all.
   */
  public ServerlessTopicReconciler withUserSecretNamespaces(Set<String> namespaces) {
    this.userSecretNamespaces = Set.copyOf(namespaces);
    return this;
  }

  @Override
  public List<EventSource<?, ServerlessTopic>> prepareEventSources(
      EventSourceContext<ServerlessTopic> context) {
    String ours = ApiGroup.LABEL_MANAGED_BY + "=" + ApiGroup.MANAGED_BY_VALUE;
    clusters =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ServerlessKafka.class, ServerlessTopic.class)
                .withName("clusters")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(
                    cluster ->
                        context
                            .getPrimaryCache()
                            .list(
                                t ->
                                    ClusterResolver.mayResolveTo(
                                        t.getStatus() == null ? null : t.getStatus().getCluster(),
                                        cluster))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    kafkaTopics =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(KafkaTopic.class, ServerlessTopic.class)
                .withName("kafkatopics")
                .withWatchAllNamespaces()
                .withItemStore(TrimmedStore.withoutManagedFields())
                .withLabelSelector(ours)
                .withSecondaryToPrimaryMapper(t -> toPrimary(t.getMetadata().getName()))
                .build(),
            context);
    kafkaUsers =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(KafkaUser.class, ServerlessTopic.class)
                .withName("kafkausers")
                .withWatchAllNamespaces()
                .withItemStore(TrimmedStore.withoutManagedFields())
                .withLabelSelector(ours)
                .withSecondaryToPrimaryMapper(u -> toPrimary(u.getMetadata().getName()))
                .build(),
            context);
    // Strimzi's user operator writes the password into a Secret named after the KafkaUser; when it
    // rotates
    // the password, the tenant's Secret must follow.
    // Only where clusters live, when the operator is told (CLUSTER_NAMESPACES): no cluster-wide
    // Secret read.
    var secretsConfig = InformerEventSourceConfiguration.from(Secret.class, ServerlessTopic.class);
    if (userSecretNamespaces.isEmpty()) {
      secretsConfig.withWatchAllNamespaces().withItemStore(TrimmedStore.withoutManagedFields());
    } else {
      secretsConfig.withNamespaces(userSecretNamespaces);
    }
    userSecrets =
        new InformerEventSource<>(
            secretsConfig
                .withName("strimzi-user-secrets")
                .withLabelSelector(StrimziNames.LABEL_KIND + "=KafkaUser")
                .withSecondaryToPrimaryMapper(s -> toPrimary(s.getMetadata().getName()))
                .build(),
            context);
    // A namespace's labels decide whether a cluster with from: Selector accepts its topics.
    namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, ServerlessTopic.class)
                .withName("namespaces")
                .withWatchAllNamespaces() // cluster-scoped: never inherit WATCH_NAMESPACES
                // (namespaces are not in one)
                .withSecondaryToPrimaryMapper(
                    ns ->
                        context
                            .getPrimaryCache()
                            .list(
                                t ->
                                    ns.getMetadata()
                                        .getName()
                                        .equals(t.getMetadata().getNamespace()))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    return List.of(clusters, kafkaTopics, kafkaUsers, userSecrets, namespaces);
  }

  private static Set<ResourceID> toPrimary(String qualifiedName) {
    TopicNames names = TopicNames.fromQualifiedName(qualifiedName);
    return names == null ? Set.of() : Set.of(new ResourceID(names.name(), names.namespace()));
  }

  @Override
  public UpdateControl<ServerlessTopic> reconcile(
      ServerlessTopic topic, Context<ServerlessTopic> context) {
    TopicDecision decision = decider.decide(observe(topic));
    if (!act(topic, decision.writes())) {
      return UpdateControl.<ServerlessTopic>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
    }
    if (decision.consumerScaling() != null) {
      decision =
          decider.withConsumerScaling(
              decision,
              topic,
              consumerScaling.apply(
                  topic, decision.consumerScaling(), decision.status().getConditions()));
    }
    statusWriter.write(topic, decision.status());
    for (TopicDecision.Note note : decision.events()) {
      if (note.warning()) {
        events.warning(topic, note.reason(), note.message());
        LOG.warn(
            "{}/{} not ready: {}: {}",
            topic.getMetadata().getNamespace(),
            topic.getMetadata().getName(),
            note.reason(),
            note.message());
      } else {
        events.normal(topic, note.reason(), note.message());
      }
    }
    if (decision.ready()
        && decision.events().stream().anyMatch(n -> n.reason() == EventReason.Ready)) {
      LOG.info(
          "{}/{} ready: topic {} with {} partitions on {}",
          topic.getMetadata().getNamespace(),
          topic.getMetadata().getName(),
          decision.status().getKafkaTopic(),
          decision.status().getPartitions(),
          decision.status().getCluster());
    }
    metrics.topicState(topic, decision.reason());
    return UpdateControl.<ServerlessTopic>noUpdate().rescheduleAfter(decision.requeue());
  }

  /**
   * Everything the decision needs, read from the informers' caches and, for what they do not hold,
   * the API server.
   */
  private TopicObservation observe(ServerlessTopic topic) {
    TopicNames names = TopicNames.of(topic);
    Namespace ns = namespaces.get(new ResourceID(names.namespace())).orElse(null);
    Map<String, String> labels =
        ns == null || ns.getMetadata().getLabels() == null
            ? Map.of()
            : ns.getMetadata().getLabels();
    String pinned = topic.getStatus() == null ? null : topic.getStatus().getCluster();
    var resolution =
        ClusterResolver.resolve(
            topic.getSpec().getCluster(),
            pinned,
            clusters.list(c -> true).toList(),
            new ClusterResolver.TopicNamespace(names.namespace(), labels));
    String namespaceUid = ns == null ? null : ns.getMetadata().getUid();
    if (!resolution.found()) {
      return new TopicObservation(topic, namespaceUid, resolution, null, null, null, null, 0, null);
    }
    ServerlessKafka cluster = resolution.cluster();
    String clusterNs = cluster.getMetadata().getNamespace();
    // The informers hold only objects with our label; an object someone else made under the same
    // name must be seen too.
    KafkaTopic kafkaTopic =
        kafkaTopics
            .get(new ResourceID(names.kafkaTopic(), clusterNs))
            .orElseGet(
                () ->
                    client
                        .resources(KafkaTopic.class)
                        .inNamespace(clusterNs)
                        .withName(names.kafkaTopic())
                        .get());
    KafkaUser kafkaUser =
        kafkaUsers
            .get(new ResourceID(names.kafkaUser(), clusterNs))
            .orElseGet(
                () ->
                    client
                        .resources(KafkaUser.class)
                        .inNamespace(clusterNs)
                        .withName(names.kafkaUser())
                        .get());
    String password =
        kafkaUser == null
            ? null
            : userSecrets
                .get(new ResourceID(names.kafkaUser(), clusterNs))
                .filter(s -> writtenFor(s, kafkaUser))
                .flatMap(ServerlessTopicReconciler::password)
                .orElse(null);
    Ownership.Kind secret =
        secrets.probe(names.namespace(), names.secretName(), topic.getMetadata().getUid());
    ClusterSettings settings = ClusterSettings.of(cluster.getSpec());
    int brokers =
        cluster.getStatus() != null && cluster.getStatus().getDesiredBrokers() != null
            ? cluster.getStatus().getDesiredBrokers()
            : settings.minBrokers();
    TopicModel model = new TopicModel(topic, clusterNs, cluster.getMetadata().getName(), settings);
    return new TopicObservation(
        topic,
        namespaceUid,
        resolution,
        kafkaTopic,
        kafkaUser,
        password,
        secret,
        quotaBrokers(cluster, model, brokers),
        caCertificates.connection(cluster).orElse(null));
  }

  /**
   * Strimzi's user Secret is owned by its KafkaUser; one owned by anything else does not hold this
   * user's password.
   */
  private static boolean writtenFor(Secret secret, KafkaUser user) {
    var refs = secret.getMetadata().getOwnerReferences();
    return refs == null
        || refs.isEmpty()
        || refs.stream().anyMatch(r -> r.getUid().equals(user.getMetadata().getUid()));
  }

  /**
   * Carries out the writes in order; false, having stopped, when an object to create appeared since
   * it was observed: nothing more (credentials above all) is written before the next reconcile has
   * judged whose it is.
   */
  private boolean act(ServerlessTopic topic, List<TopicDecision.Write> writes) {
    for (TopicDecision.Write write : writes) {
      HasMetadata object = write.object();
      switch (write.action()) {
        case CREATE -> {
          try {
            client.resource(object instanceof Secret secret ? claim(secret) : object).create();
          } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
              throw e;
            }
            LOG.info(
                "{}/{}: {} {} appeared meanwhile; looking again",
                topic.getMetadata().getNamespace(),
                topic.getMetadata().getName(),
                object.getKind(),
                object.getMetadata().getName());
            return false;
          }
          if (object instanceof Secret) {
            applier.apply(object);
          }
        }
        case APPLY -> applier.apply(object);
        case RELEASE_ADOPTABLE ->
            client
                .resources(object.getClass())
                .inNamespace(object.getMetadata().getNamespace())
                .withName(object.getMetadata().getName())
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\""
                        + ApiGroup.ANNOTATION_ADOPTABLE_BY
                        + "\":null}}}");
      }
    }
    return true;
  }

  /**
   * The client Secret without its keys: created first (failing if someone else's appeared), then
   * its keys are server-side applied. Keys written by the create would belong to the create's field
   * manager, and a later apply that leaves one out (the CA's keys when a cluster turns to plain
   * text) would not remove it.
   */
  private static Secret claim(Secret secret) {
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder(secret.getMetadata()).build())
        .withType(secret.getType())
        .build();
  }

  /**
   * Brokers the user's quota is divided across: those leading the topic's partitions, else the
   * pool's size.
   */
  private int quotaBrokers(ServerlessKafka cluster, TopicModel model, int poolBrokers) {
    if (!model.hasQuotas()) {
      return poolBrokers;
    }
    return QuotaBrokers.of(
        leaders.of(cluster, model.names().kafkaTopic()).orElse(null), poolBrokers);
  }

  @Override
  public ErrorStatusUpdateControl<ServerlessTopic> updateErrorStatus(
      ServerlessTopic topic, Context<ServerlessTopic> context, Exception e) {
    ServerlessTopicStatus status = TopicDecider.copyStatus(topic);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    status.setConditions(
        Conditions.merge(
            status.getConditions(),
            Conditions.ready(
                false,
                ConditionReason.ReconcileError,
                message,
                topic.getMetadata().getGeneration(),
                clock)));
    statusWriter.write(topic, status);
    events.warning(topic, EventReason.ReconcileError, message);
    metrics.topicState(topic, ConditionReason.ReconcileError);
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /**
   * Revokes the credentials (and with policy Delete removes the topic) wherever this topic's
   * objects are, found by the owner UID they carry, so that a topic whose status.cluster was never
   * written still loses its credentials; objects of the same name that are not this topic's are
   * left alone.
   */
  @Override
  public DeleteControl cleanup(ServerlessTopic topic, Context<ServerlessTopic> context) {
    TopicNames names = TopicNames.of(topic);
    DeletionPolicy policy =
        topic.getSpec().getDeletionPolicy() == null
            ? DeletionPolicy.Delete
            : topic.getSpec().getDeletionPolicy();
    for (KafkaUser user : owned(kafkaUsers, topic)) {
      applier.delete(
          KafkaUser.class, user.getMetadata().getNamespace(), user.getMetadata().getName());
    }
    List<KafkaTopic> kafkaTopicsOwned = owned(kafkaTopics, topic);
    if (policy == DeletionPolicy.Delete) {
      for (KafkaTopic t : kafkaTopicsOwned) {
        applier.delete(KafkaTopic.class, t.getMetadata().getNamespace(), t.getMetadata().getName());
      }
      events.normal(
          topic,
          EventReason.Deleted,
          "deleted topic " + names.kafkaTopic() + " and its credentials");
    } else {
      events.normal(
          topic,
          EventReason.Retained,
          "kept topic "
              + names.kafkaTopic()
              + " and its data (deletionPolicy Retain); credentials removed");
    }
    LOG.info("{}/{} deleted with policy {}", names.namespace(), names.name(), policy);
    consumerScaling.cleanup(topic);
    secrets.deleteIfOwned(names.namespace(), names.secretName(), topic.getMetadata().getUid());
    metrics.topicDeleted(topic);
    leaders.forget(names.kafkaTopic());
    events.forget(topic);
    return DeleteControl.defaultDelete();
  }

  /**
   * The topic's objects in any cluster namespace: those carrying its owner UID, and those an
   * earlier version wrote (no owner annotation, our labels) on the cluster its status names.
   */
  private static <T extends HasMetadata> List<T> owned(
      InformerEventSource<T, ServerlessTopic> informer, ServerlessTopic topic) {
    TopicNames names = TopicNames.of(topic);
    TopicOwner owner = TopicOwner.of(topic, null);
    String pinned = topic.getStatus() == null ? null : topic.getStatus().getCluster();
    String pinnedNs = pinned == null ? null : pinned.substring(0, pinned.indexOf('/'));
    return informer
        .list(o -> Ownership.ownedForCleanup(o.getMetadata(), owner, names.kafkaTopic(), pinnedNs))
        .toList();
  }

  private static Optional<String> password(Secret secret) {
    if (secret.getData() == null || secret.getData().get("password") == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(
            Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8));
  }
}
