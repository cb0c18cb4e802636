package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
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
import io.serverlesskafka.operator.metrics.OperatorMetrics;
import io.serverlesskafka.operator.model.ClientSecretModel;
import io.serverlesskafka.operator.kafka.ClusterCaCertificates;
import io.serverlesskafka.operator.kafka.PartitionLeaders;
import io.serverlesskafka.operator.model.ClientConnection;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.QuotaBrokers;
import io.serverlesskafka.operator.model.StrimziNames;
import io.serverlesskafka.operator.model.TopicModel;
import io.serverlesskafka.operator.model.TopicNames;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.status.Conditions;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ServerlessTopic → KafkaTopic and KafkaUser in the cluster's namespace, and the client Secret in the
 * tenant's namespace. Observe (cluster, Strimzi objects) → validate → decide ({@link TopicModel}) → apply →
 * write status.
 */
@ControllerConfiguration(name = ServerlessTopicReconciler.NAME)
public class ServerlessTopicReconciler implements Reconciler<ServerlessTopic>, Cleaner<ServerlessTopic> {
  public static final String NAME = "serverlesstopic";
  private static final Logger LOG = LoggerFactory.getLogger(ServerlessTopicReconciler.class);
  private static final Duration RESYNC = Duration.ofMinutes(5);
  private static final Duration RETRY_SOON = Duration.ofSeconds(30);
  private static final Duration QUOTA_RESYNC = Duration.ofMinutes(1);

  private final ResourceApplier applier;
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

  public ServerlessTopicReconciler(ResourceApplier applier, StatusWriter statusWriter, EventRecorder events,
      OperatorMetrics metrics, Clock clock, PartitionLeaders leaders, ConsumerScalingStep consumerScaling,
      ClusterCaCertificates caCertificates) {
    this.caCertificates = caCertificates;
    this.leaders = leaders;
    this.consumerScaling = consumerScaling;
    this.applier = applier;
    this.statusWriter = statusWriter;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ServerlessTopic>> prepareEventSources(EventSourceContext<ServerlessTopic> context) {
    String ours = ApiGroup.LABEL_MANAGED_BY + "=" + ApiGroup.MANAGED_BY_VALUE;
    clusters = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(ServerlessKafka.class, ServerlessTopic.class)
            .withName("clusters")
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(cluster -> context.getPrimaryCache()
                .list(t -> t.getStatus() == null || t.getStatus().getCluster() == null
                    || ClusterResolver.refersTo(t.getSpec().getCluster(), t.getStatus().getCluster(), cluster))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet()))
            .build(),
        context);
    kafkaTopics = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(KafkaTopic.class, ServerlessTopic.class)
            .withName("kafkatopics")
            .withWatchAllNamespaces()
            .withLabelSelector(ours)
            .withSecondaryToPrimaryMapper(t -> toPrimary(t.getMetadata().getName()))
            .build(),
        context);
    kafkaUsers = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(KafkaUser.class, ServerlessTopic.class)
            .withName("kafkausers")
            .withWatchAllNamespaces()
            .withLabelSelector(ours)
            .withSecondaryToPrimaryMapper(u -> toPrimary(u.getMetadata().getName()))
            .build(),
        context);
    // Strimzi's user operator writes the password into a Secret named after the KafkaUser; when it rotates
    // the password, the tenant's Secret must follow.
    userSecrets = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, ServerlessTopic.class)
            .withName("strimzi-user-secrets")
            .withWatchAllNamespaces()
            .withLabelSelector(StrimziNames.LABEL_KIND + "=KafkaUser")
            .withSecondaryToPrimaryMapper(s -> toPrimary(s.getMetadata().getName()))
            .build(),
        context);
    return List.of(clusters, kafkaTopics, kafkaUsers, userSecrets);
  }

  private static Set<ResourceID> toPrimary(String qualifiedName) {
    TopicNames names = TopicNames.fromQualifiedName(qualifiedName);
    return names == null ? Set.of() : Set.of(new ResourceID(names.name(), names.namespace()));
  }

  @Override
  public UpdateControl<ServerlessTopic> reconcile(ServerlessTopic topic, Context<ServerlessTopic> context) {
    TopicNames names = TopicNames.of(topic);
    Long generation = topic.getMetadata().getGeneration();
    ServerlessTopicStatus status = copyStatus(topic);
    status.setObservedGeneration(generation);

    // Observe: which cluster.
    var resolution = ClusterResolver.resolve(topic.getSpec().getCluster(), clusters.list(c -> true).toList());
    if (!resolution.found()) {
      return notReady(topic, status, resolution.problem(), resolution.message(), EventReason.ClusterNotFound, RETRY_SOON);
    }
    ServerlessKafka cluster = resolution.cluster();
    if (status.getCluster() != null && !status.getCluster().equals(ClusterResolver.key(cluster))) {
      // The topic's data lives on the cluster it was created on; never recreate it elsewhere.
      return notReady(topic, status, ConditionReason.InvalidSpec,
          "topic lives on " + status.getCluster() + " but now resolves to " + ClusterResolver.key(cluster)
              + "; set spec.cluster to " + status.getCluster(), EventReason.InvalidSpec, RESYNC);
    }
    String clusterNs = cluster.getMetadata().getNamespace();
    String clusterName = cluster.getMetadata().getName();
    status.setCluster(ClusterResolver.key(cluster));

    // Validate what the schema cannot.
    if (!names.fitsKafkaLimit()) {
      return notReady(topic, status, ConditionReason.TopicNameTooLong,
          "Kafka topic name " + names.kafkaTopic().length() + " characters long (namespace.name); Kafka allows "
              + TopicNames.MAX_KAFKA_TOPIC_LENGTH, EventReason.TopicNameTooLong, RESYNC);
    }
    ClusterSettings settings = ClusterSettings.of(cluster.getSpec());
    TopicModel model = new TopicModel(topic, clusterNs, clusterName, settings);
    Optional<KafkaTopic> currentTopic = kafkaTopics.get(new ResourceID(names.kafkaTopic(), clusterNs));
    Integer currentPartitions = currentTopic.map(t -> t.getSpec() == null ? null : t.getSpec().getPartitions()).orElse(null);

    // Decide and apply. A manifest asking for fewer partitions leaves the topic as it is.
    String invalid = null;
    if (model.asksToDecreasePartitions(currentPartitions)) {
      invalid = "spec.partitions " + topic.getSpec().getPartitions() + " is below the topic's " + currentPartitions
          + " partitions; Kafka cannot remove partitions, the topic keeps " + currentPartitions;
    } else {
      KafkaTopic desired = model.kafkaTopic(currentPartitions);
      applier.apply(desired);
      if (currentTopic.isEmpty()) {
        events.normal(topic, EventReason.Created, "KafkaTopic " + clusterNs + "/" + names.kafkaTopic() + " created with "
            + desired.getSpec().getPartitions() + " partitions");
      }
    }
    int brokers = cluster.getStatus() != null && cluster.getStatus().getDesiredBrokers() != null
        ? cluster.getStatus().getDesiredBrokers() : settings.minBrokers();
    applier.apply(model.kafkaUser(quotaBrokers(cluster, model, brokers)));

    // Observe Strimzi's answer.
    KafkaTopic kafkaTopic = kafkaTopics.get(new ResourceID(names.kafkaTopic(), clusterNs)).orElse(null);
    KafkaUser kafkaUser = kafkaUsers.get(new ResourceID(names.kafkaUser(), clusterNs)).orElse(null);
    StrimziReadiness topicReady = kafkaTopic == null || kafkaTopic.getStatus() == null
        ? StrimziReadiness.of(null, null, null)
        : StrimziReadiness.of(kafkaTopic.getStatus().getConditions(), kafkaTopic.getStatus().getObservedGeneration(),
            kafkaTopic.getMetadata().getGeneration());
    StrimziReadiness userReady = kafkaUser == null || kafkaUser.getStatus() == null
        ? StrimziReadiness.of(null, null, null)
        : StrimziReadiness.of(kafkaUser.getStatus().getConditions(), kafkaUser.getStatus().getObservedGeneration(),
            kafkaUser.getMetadata().getGeneration());
    status.setKafkaTopic(names.kafkaTopic());
    status.setUsername(names.kafkaUser());
    if (kafkaTopic != null && kafkaTopic.getSpec() != null) {
      status.setPartitions(kafkaTopic.getSpec().getPartitions());
      status.setReplicationFactor(kafkaTopic.getSpec().getReplicas());
    }
    String bootstrap = cluster.getStatus() == null ? null : cluster.getStatus().getBootstrapServers();
    status.setBootstrapServers(bootstrap);

    // Credentials for the tenant, once Strimzi has made them (and, with TLS, published the cluster CA).
    Optional<ClientConnection> connection = caCertificates.connection(cluster);
    Optional<String> password = userSecrets.get(new ResourceID(names.kafkaUser(), clusterNs)).flatMap(ServerlessTopicReconciler::password);
    boolean secretWritten = false;
    if (password.isPresent() && connection.isPresent()) {
      applier.apply(ClientSecretModel.build(topic, connection.get(), password.get()));
      status.setSecretName(names.secretName());
      secretWritten = true;
    }

    if (connection.isPresent()) {
      int partitions = status.getPartitions() != null ? status.getPartitions() : model.partitions(currentPartitions);
      status.setConditions(consumerScaling.apply(topic, connection.get(), partitions, status.getConditions()));
    }

    if (invalid != null) {
      return notReady(topic, status, ConditionReason.PartitionsDecrease, invalid, EventReason.PartitionsDecrease, RESYNC);
    }
    if (topicReady.failed() || userReady.failed()) {
      String what = topicReady.failed() ? "KafkaTopic: " + topicReady.describe() : "KafkaUser: " + userReady.describe();
      return notReady(topic, status, ConditionReason.StrimziRejected, "Strimzi rejected the change: " + what,
          EventReason.StrimziRejected, RETRY_SOON);
    }
    if (!topicReady.ready() || !userReady.ready()) {
      String waiting = !topicReady.ready() ? "KafkaTopic " + names.kafkaTopic() : "KafkaUser " + names.kafkaUser();
      return notReady(topic, status, ConditionReason.WaitingForStrimzi, "waiting for Strimzi to make " + waiting + " ready",
          null, RESYNC);
    }
    if (!secretWritten) {
      String why = bootstrap == null ? "cluster " + status.getCluster() + " has no bootstrap address yet"
          : connection.isEmpty() ? "Strimzi has not published the cluster CA (Secret " + clusterNs + "/"
              + StrimziNames.clusterCaCertSecret(clusterName) + ") yet"
          : "Strimzi has not written the user's password yet";
      return notReady(topic, status, ConditionReason.WaitingForCredentials, why, null, RESYNC);
    }
    boolean wasReady = Conditions.isTrue(topic.getStatus() == null ? null : topic.getStatus().getConditions(), Conditions.READY);
    status.setConditions(Conditions.merge(status.getConditions(), Conditions.ready(true, ConditionReason.Ready,
        "topic " + names.kafkaTopic() + " is ready; credentials in Secret " + names.secretName(), generation, clock)));
    writeStatus(topic, status);
    if (!wasReady) {
      events.normal(topic, EventReason.Ready, "topic " + names.kafkaTopic() + " is ready; credentials in Secret " + names.secretName());
      LOG.info("{}/{} ready: topic {} with {} partitions on {}", names.namespace(), names.name(), names.kafkaTopic(),
          status.getPartitions(), status.getCluster());
    }
    metrics.topicState(topic, ConditionReason.Ready);
    return UpdateControl.<ServerlessTopic>noUpdate().rescheduleAfter(resyncAfter(model, status));
  }

  private static Duration resyncAfter(TopicModel model, ServerlessTopicStatus status) {
    if (Conditions.has(status.getConditions(), ConsumerScalingStep.CONDITION)
        && !Conditions.isTrue(status.getConditions(), ConsumerScalingStep.CONDITION)) {
      return RETRY_SOON; // KEDA may be installed any time; nothing else would tell us
    }
    // Quotas follow the partitions' leaders, which move without an event we could watch.
    return model.hasQuotas() ? QUOTA_RESYNC : RESYNC;
  }

  /** Brokers the user's quota is divided across: those leading the topic's partitions, else the pool's size. */
  private int quotaBrokers(ServerlessKafka cluster, TopicModel model, int poolBrokers) {
    if (!model.hasQuotas()) {
      return poolBrokers;
    }
    return QuotaBrokers.of(leaders.of(cluster, model.names().kafkaTopic()).orElse(null), poolBrokers);
  }

  private UpdateControl<ServerlessTopic> notReady(ServerlessTopic topic, ServerlessTopicStatus status, ConditionReason reason,
      String message, EventReason event, Duration retry) {
    status.setConditions(Conditions.merge(status.getConditions(),
        Conditions.ready(false, reason, message, topic.getMetadata().getGeneration(), clock)));
    writeStatus(topic, status);
    if (event != null) {
      events.warning(topic, event, message);
      LOG.warn("{}/{} not ready: {}: {}", topic.getMetadata().getNamespace(), topic.getMetadata().getName(), reason, message);
    }
    metrics.topicState(topic, reason);
    return UpdateControl.<ServerlessTopic>noUpdate().rescheduleAfter(retry);
  }

  private void writeStatus(ServerlessTopic topic, ServerlessTopicStatus status) {
    statusWriter.write(topic, status);
  }

  @Override
  public ErrorStatusUpdateControl<ServerlessTopic> updateErrorStatus(ServerlessTopic topic, Context<ServerlessTopic> context, Exception e) {
    ServerlessTopicStatus status = copyStatus(topic);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    status.setConditions(Conditions.merge(status.getConditions(),
        Conditions.ready(false, ConditionReason.ReconcileError, message, topic.getMetadata().getGeneration(), clock)));
    writeStatus(topic, status);
    events.warning(topic, EventReason.ReconcileError, message);
    metrics.topicState(topic, ConditionReason.ReconcileError);
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  @Override
  public DeleteControl cleanup(ServerlessTopic topic, Context<ServerlessTopic> context) {
    TopicNames names = TopicNames.of(topic);
    String clusterKey = topic.getStatus() == null ? null : topic.getStatus().getCluster();
    DeletionPolicy policy = topic.getSpec().getDeletionPolicy() == null ? DeletionPolicy.Delete : topic.getSpec().getDeletionPolicy();
    if (clusterKey != null) {
      String clusterNs = clusterKey.substring(0, clusterKey.indexOf('/'));
      applier.delete(KafkaUser.class, clusterNs, names.kafkaUser());
      if (policy == DeletionPolicy.Delete) {
        applier.delete(KafkaTopic.class, clusterNs, names.kafkaTopic());
        events.normal(topic, EventReason.Deleted, "deleted topic " + names.kafkaTopic() + " and its credentials");
      } else {
        events.normal(topic, EventReason.Retained, "kept topic " + names.kafkaTopic() + " and its data (deletionPolicy Retain); credentials removed");
      }
      LOG.info("{}/{} deleted with policy {}", names.namespace(), names.name(), policy);
    }
    consumerScaling.cleanup(topic);
    applier.delete(Secret.class, names.namespace(), names.secretName());
    metrics.topicDeleted(topic);
    return DeleteControl.defaultDelete();
  }

  private static Optional<String> password(Secret secret) {
    if (secret.getData() == null || secret.getData().get("password") == null) {
      return Optional.empty();
    }
    return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8));
  }

  private static ServerlessTopicStatus copyStatus(ServerlessTopic topic) {
    ServerlessTopicStatus old = topic.getStatus();
    ServerlessTopicStatus status = new ServerlessTopicStatus();
    if (old != null) {
      status.setConditions(old.getConditions());
      status.setCluster(old.getCluster());
      status.setKafkaTopic(old.getKafkaTopic());
      status.setPartitions(old.getPartitions());
      status.setReplicationFactor(old.getReplicationFactor());
      status.setSecretName(old.getSecretName());
      status.setUsername(old.getUsername());
      status.setBootstrapServers(old.getBootstrapServers());
    }
    return status;
  }
}
