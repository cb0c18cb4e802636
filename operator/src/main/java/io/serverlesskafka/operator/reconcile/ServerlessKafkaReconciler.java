package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
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
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.events.EventRecorder;
import io.serverlesskafka.operator.metrics.OperatorMetrics;
import io.serverlesskafka.operator.model.KafkaClusterModel;
import io.serverlesskafka.operator.model.KafkaMetricsModel;
import io.serverlesskafka.operator.model.ListenerSecurity;
import io.serverlesskafka.operator.model.StrimziNames;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.status.Conditions;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatus;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ServerlessKafka → Strimzi Kafka, controller and broker KafkaNodePools and the operator's admin
 * KafkaUser. Observe → validate → decide ({@link KafkaClusterModel}) → apply → write status.
 * Deletion waits until no ServerlessTopic uses the cluster.
 */
// Not generation-aware: the rebalance request is an annotation, which does not change the
// generation. Status
// writes that change nothing are no-ops on the API server, so they do not wake this controller
// again.
@ControllerConfiguration(
    name = ServerlessKafkaReconciler.NAME,
    generationAwareEventProcessing = false)
public class ServerlessKafkaReconciler
    implements Reconciler<ServerlessKafka>, Cleaner<ServerlessKafka> {
  public static final String NAME = "serverlesskafka";
  private static final Logger LOG = LoggerFactory.getLogger(ServerlessKafkaReconciler.class);
  private static final Duration RESYNC = Duration.ofMinutes(5);
  private static final Duration RETRY_SOON = Duration.ofSeconds(30);
  private static final Duration MEASURE_INTERVAL = Duration.ofSeconds(15);
  private static final String MANAGED = ApiGroup.LABEL_MANAGED_BY + "=" + ApiGroup.MANAGED_BY_VALUE;

  private final ResourceApplier applier;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final RebalanceStep rebalance;
  private final AutoscalingStep autoscaling;
  private final OnDemandProvisioning onDemand;
  private final RestGatewayStep restGateway;
  private InformerEventSource<Kafka, ServerlessKafka> kafkas;
  private InformerEventSource<KafkaNodePool, ServerlessKafka> pools;
  private InformerEventSource<KafkaUser, ServerlessKafka> adminUsers;
  private InformerEventSource<KafkaTopic, ServerlessKafka> kafkaTopics;
  private InformerEventSource<ServerlessTopic, ServerlessKafka> topics;
  private InformerEventSource<io.fabric8.kubernetes.api.model.Service, ServerlessKafka> services;

  public ServerlessKafkaReconciler(
      ResourceApplier applier,
      StatusWriter statusWriter,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock,
      RebalanceStep rebalance,
      AutoscalingStep autoscaling) {
    this.rebalance = rebalance;
    this.autoscaling = autoscaling;
    this.applier = applier;
    this.statusWriter = statusWriter;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.onDemand = new OnDemandProvisioning(applier, statusWriter, events, clock);
    this.restGateway = new RestGatewayStep(applier);
  }

  @Override
  public List<EventSource<?, ServerlessKafka>> prepareEventSources(
      EventSourceContext<ServerlessKafka> context) {
    // What the operator writes for a cluster carries its labels, not an owner reference
    // (ClusterOwnedMetadata):
    // map back through the cluster label, in the object's own namespace.
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
    // Only its coming
    // and going matters here, not Strimzi's status updates.
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
    // Only a change
    // of which cluster a topic uses, or its deletion, matters here: usage metering updates every
    // topic's status
    // on a timer, and each of those used to wake every cluster.
    topics =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ServerlessTopic.class, ServerlessKafka.class)
                .withName("topics")
                .withWatchAllNamespaces()
                .withItemStore(TrimmedStore.keeping(ServerlessKafkaReconciler::clusterFieldsOnly))
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
            InformerEventSourceConfiguration.from(
                    io.fabric8.kubernetes.api.model.Service.class, ServerlessKafka.class)
                .withName("gateway-services")
                .withLabelSelector(MANAGED)
                .withSecondaryToPrimaryMapper(byLabel(ApiGroup.LABEL_CLUSTER))
                .build(),
            context);
    return List.of(kafkas, pools, adminUsers, kafkaTopics, topics, services);
  }

  /**
   * What {@link #usageOf} and the mappers read of a topic: its name, spec.cluster and
   * status.cluster.
   */
  static ServerlessTopic clusterFieldsOnly(ServerlessTopic t) {
    ServerlessTopic kept = new ServerlessTopic();
    kept.setMetadata(t.getMetadata());
    kept.setSpec(new io.serverlesskafka.api.v1alpha1.ServerlessTopicSpec());
    kept.getSpec().setCluster(t.getSpec() == null ? null : t.getSpec().getCluster());
    kept.setStatus(new io.serverlesskafka.api.v1alpha1.ServerlessTopicStatus());
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

  @Override
  public UpdateControl<ServerlessKafka> reconcile(
      ServerlessKafka cluster, Context<ServerlessKafka> context) {
    metrics.clusterReconciled(cluster);
    return manage(cluster, context, usageOf(cluster), null);
  }

  /**
   * Everything a cluster needs while it exists: also while its deletion is refused ({@code
   * deletionBlocked} is then the reason), so that a cluster whose deletion was refused keeps being
   * applied, autoscaled and rebalanced.
   */
  private UpdateControl<ServerlessKafka> manage(
      ServerlessKafka cluster,
      Context<ServerlessKafka> context,
      ClusterUsage usage,
      String deletionBlocked) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    ServerlessKafkaStatus status = copyStatus(cluster);
    status.setObservedGeneration(cluster.getMetadata().getGeneration());
    status.setTopics(usage.topics().size());
    status.setRetainedTopics(usage.retained().size());
    // always a list, possibly empty: the status is merge-patched, and an absent field would keep
    // the old list
    status.setServedTopics(usage.listed());

    KafkaClusterModel model;
    try {
      model = new KafkaClusterModel(cluster);
    } catch (IllegalArgumentException e) {
      return notReady(
          cluster, status, deletionBlocked, ConditionReason.InvalidSpec, e.getMessage(), true);
    }
    Optional<String> problem = model.settings().problem();
    if (problem.isPresent()) {
      // Keep the cluster as it was last applied: a bad edit must not resize or restart anything.
      return notReady(
          cluster, status, deletionBlocked, ConditionReason.InvalidSpec, problem.get(), true);
    }

    if (onDemand.idle(context.getClient(), cluster, model.settings(), status)) {
      setReady(
          cluster,
          status,
          deletionBlocked,
          true,
          ConditionReason.Hibernating,
          "hibernating: no topics, no brokers (provisioning OnDemand); the first ServerlessTopic wakes the cluster up");
      statusWriter.write(cluster, status);
      metrics.clusterBrokers(cluster, 0, 0);
      return UpdateControl.<ServerlessKafka>noUpdate().rescheduleAfter(RESYNC);
    }

    Optional<KafkaNodePool> brokerPool =
        pools.get(new ResourceID(StrimziNames.brokerPool(name), ns));
    // The pool's size is owned by whoever scaled it last (the autoscaler, or a person): read it
    // live, not from
    // the informer cache, so that re-applying the pool never puts back a size from a moment ago.
    KafkaNodePool livePool =
        context
            .getClient()
            .resources(KafkaNodePool.class)
            .inNamespace(ns)
            .withName(StrimziNames.brokerPool(name))
            .get();
    Integer currentReplicas =
        livePool == null || livePool.getSpec() == null ? null : livePool.getSpec().getReplicas();
    boolean created = kafkas.get(new ResourceID(name, ns)).isEmpty();
    // The informer may still hold the Kafka that hibernation just deleted: a cluster whose status
    // says it
    // hibernates is waking up all the same.
    boolean wasHibernating =
        cluster.getStatus() != null
            && cluster.getStatus().getConditions() != null
            && cluster.getStatus().getConditions().stream()
                .anyMatch(
                    c ->
                        "Ready".equals(c.getType())
                            && ConditionReason.Hibernating.name().equals(c.getReason()));
    if (created || wasHibernating) {
      onDemand.wakeUpStarting(cluster, model.settings(), status);
    }
    if (model.exportsMetrics()) {
      applier.apply(model.metricsConfigMap());
    } else {
      applier.delete(
          io.fabric8.kubernetes.api.model.ConfigMap.class,
          ns,
          KafkaMetricsModel.configMapName(name));
    }
    applier.apply(model.kafka(kafkas.get(new ResourceID(name, ns)).orElse(null)));
    applier.apply(model.controllerPool());
    KafkaNodePool desiredBrokers;
    try {
      desiredBrokers =
          livePool == null
              ? applier.apply(model.brokerPool(null))
              : applier.applyIfUnchanged(
                  model.brokerPool(currentReplicas), livePool.getMetadata().getResourceVersion());
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // The pool changed since it was read (a scale, or Strimzi's status): read it again in a
      // moment.
      return UpdateControl.<ServerlessKafka>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
    }
    applier.apply(model.adminUser());
    if (created) {
      events.normal(
          cluster,
          EventReason.Created,
          "Strimzi Kafka "
              + ns
              + "/"
              + name
              + " created with "
              + desiredBrokers.getSpec().getReplicas()
              + " brokers and "
              + model.settings().controllers()
              + " controllers");
    }

    Kafka kafka = kafkas.get(new ResourceID(name, ns)).orElse(null);
    KafkaUser admin = adminUsers.get(new ResourceID(StrimziNames.adminUser(name), ns)).orElse(null);
    status.setDesiredBrokers(desiredBrokers.getSpec().getReplicas());
    status.setReadyBrokers(
        brokerPool.map(p -> p.getStatus() == null ? 0 : p.getStatus().getReplicas()).orElse(0));
    StrimziReadiness kafkaReady =
        kafka == null || kafka.getStatus() == null
            ? StrimziReadiness.of(null, null, null)
            : StrimziReadiness.of(
                kafka.getStatus().getConditions(),
                kafka.getStatus().getObservedGeneration(),
                kafka.getMetadata().getGeneration());
    StrimziReadiness adminReady =
        admin == null || admin.getStatus() == null
            ? StrimziReadiness.of(null, null, null)
            : StrimziReadiness.of(
                admin.getStatus().getConditions(),
                admin.getStatus().getObservedGeneration(),
                admin.getMetadata().getGeneration());
    if (kafka != null && kafka.getStatus() != null) {
      String address = bootstrap(kafka.getStatus().getListeners());
      // The address and what it speaks change together, and only once Strimzi reports the Kafka as
      // specified:
      // while a listener change rolls out, the old address is still listed while the spec has the
      // new protocol,
      // and a topic Secret written from that pair would point plain-text clients at a TLS port.
      if (address != null
          && java.util.Objects.equals(
              kafka.getStatus().getObservedGeneration(), kafka.getMetadata().getGeneration())) {
        ListenerSecurity security = ListenerSecurity.of(kafka);
        status.setBootstrapServers(address);
        status.setSecurityProtocol(security == null ? null : security.securityProtocol());
      }
      status.setKafkaVersion(kafka.getStatus().getKafkaVersion());
    }
    metrics.clusterBrokers(cluster, status.getDesiredBrokers(), status.getReadyBrokers());
    restGateway.run(
        context.getClient(), cluster, status, svc -> services.get(new ResourceID(svc, ns)));

    if (kafkaReady.failed()) {
      return notReady(
          cluster,
          status,
          deletionBlocked,
          ConditionReason.StrimziRejected,
          "Strimzi reports the Kafka cluster not ready: " + kafkaReady.describe(),
          true);
    }
    if (adminReady.failed()) {
      return notReady(
          cluster,
          status,
          deletionBlocked,
          ConditionReason.StrimziRejected,
          "Strimzi reports the admin KafkaUser not ready: " + adminReady.describe(),
          true);
    }
    if (!kafkaReady.ready() || !adminReady.ready() || status.getBootstrapServers() == null) {
      return notReady(
          cluster,
          status,
          deletionBlocked,
          ConditionReason.Provisioning,
          "waiting for Strimzi: Kafka "
              + (kafkaReady.ready() ? "ready" : "not ready yet")
              + ", admin user "
              + (adminReady.ready() ? "ready" : "not ready yet"),
          false);
    }
    boolean wasReady =
        Conditions.isTrue(
            cluster.getStatus() == null ? null : cluster.getStatus().getConditions(),
            Conditions.READY);
    String message = status.getReadyBrokers() + " brokers ready at " + status.getBootstrapServers();
    boolean changed =
        setReady(cluster, status, deletionBlocked, true, ConditionReason.Ready, message);
    onDemand.awake(cluster, status);
    statusWriter.write(cluster, status);
    if (deletionBlocked != null && changed) {
      warn(cluster, ConditionReason.DeletionBlocked, deletionBlocked);
    } else if (deletionBlocked == null && !wasReady) {
      events.normal(cluster, EventReason.Ready, message);
      LOG.info("{}/{} ready: {}", ns, name, message);
    }
    rebalance.run(cluster, model.settings());
    autoscaling.run(cluster, model.settings());
    // The autoscaler and the imbalance watch sample throughput: come back soon while either is on.
    return UpdateControl.<ServerlessKafka>noUpdate()
        .rescheduleAfter(
            AutoscalingStep.enabled(model.settings()) || model.settings().rebalancingEnabled()
                ? MEASURE_INTERVAL
                : RESYNC);
  }

  /**
   * Writes a not-ready status. A warning (Event and log) goes out once per change of the Ready
   * condition, not on every look: a cluster that waits is looked at again on a timer or when
   * something it depends on changes.
   */
  private UpdateControl<ServerlessKafka> notReady(
      ServerlessKafka cluster,
      ServerlessKafkaStatus status,
      String deletionBlocked,
      ConditionReason reason,
      String message,
      boolean warn) {
    boolean changed = setReady(cluster, status, deletionBlocked, false, reason, message);
    statusWriter.write(cluster, status);
    if (changed && deletionBlocked != null) {
      warn(cluster, ConditionReason.DeletionBlocked, readyMessage(status));
    } else if (changed && warn) {
      warn(cluster, reason, message);
    }
    return UpdateControl.<ServerlessKafka>noUpdate()
        .rescheduleAfter(warn || deletionBlocked != null ? RETRY_SOON : RESYNC);
  }

  /**
   * Sets the Ready condition; while deletion is refused it says so first (Ready=False,
   * DeletionBlocked) and keeps what else is wrong in the message. Returns whether the condition's
   * reason or message changed.
   */
  private boolean setReady(
      ServerlessKafka cluster,
      ServerlessKafkaStatus status,
      String deletionBlocked,
      boolean ready,
      ConditionReason reason,
      String message) {
    String before =
        readyKey(cluster.getStatus() == null ? null : cluster.getStatus().getConditions());
    boolean blocked = deletionBlocked != null;
    String text =
        !blocked
            ? message
            : ready ? deletionBlocked : deletionBlocked + "; meanwhile " + reason + ": " + message;
    status.setConditions(
        Conditions.merge(
            status.getConditions(),
            Conditions.ready(
                ready && !blocked,
                blocked ? ConditionReason.DeletionBlocked : reason,
                text,
                cluster.getMetadata().getGeneration(),
                clock)));
    return !Objects.equals(before, readyKey(status.getConditions()));
  }

  private static String readyKey(List<io.fabric8.kubernetes.api.model.Condition> conditions) {
    return conditions == null
        ? null
        : conditions.stream()
            .filter(c -> Conditions.READY.equals(c.getType()))
            .map(c -> c.getStatus() + "|" + c.getReason() + "|" + c.getMessage())
            .findFirst()
            .orElse(null);
  }

  private static String readyMessage(ServerlessKafkaStatus status) {
    return status.getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType()))
        .findFirst()
        .orElseThrow()
        .getMessage();
  }

  private void warn(ServerlessKafka cluster, ConditionReason reason, String message) {
    events.warning(
        cluster,
        reason == ConditionReason.InvalidSpec
            ? EventReason.InvalidSpec
            : reason == ConditionReason.DeletionBlocked
                ? EventReason.DeletionBlocked
                : EventReason.StrimziRejected,
        message);
    LOG.warn(
        "{}/{} not ready: {}: {}",
        cluster.getMetadata().getNamespace(),
        cluster.getMetadata().getName(),
        reason,
        message);
  }

  @Override
  public ErrorStatusUpdateControl<ServerlessKafka> updateErrorStatus(
      ServerlessKafka cluster, Context<ServerlessKafka> context, Exception e) {
    ServerlessKafkaStatus status = copyStatus(cluster);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    status.setConditions(
        Conditions.merge(
            status.getConditions(),
            Conditions.ready(
                false,
                ConditionReason.ReconcileError,
                message,
                cluster.getMetadata().getGeneration(),
                clock)));
    statusWriter.write(cluster, status);
    events.warning(cluster, EventReason.ReconcileError, message);
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  @Override
  public DeleteControl cleanup(ServerlessKafka cluster, Context<ServerlessKafka> context) {
    metrics.clusterReconciled(cluster);
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    ClusterUsage usage = usageOf(cluster);
    if (usage.inUse()) {
      // The admission policy refuses such a deletion; this is the second line (a topic created just
      // before the
      // delete, or a cluster without the policy). The cluster stays managed until its last topic is
      // gone.
      String message =
          "deletion refused: "
              + usage.describe()
              + " still use this cluster; delete them first"
              + (usage.retained().isEmpty()
                  ? ""
                  : " (a retained topic: its KafkaTopic in " + ns + ")")
              + "; the cluster stays as it is, and managed, until then";
      UpdateControl<ServerlessKafka> managed = manage(cluster, context, usage, message);
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(managed.getScheduleDelay().orElse(RETRY_SOON.toMillis()));
    }
    restGateway.remove(context.getClient(), cluster);
    applier.delete(KafkaUser.class, ns, StrimziNames.adminUser(name));
    applier.delete(KafkaNodePool.class, ns, StrimziNames.brokerPool(name));
    applier.delete(KafkaNodePool.class, ns, StrimziNames.controllerPool(name));
    applier.delete(Kafka.class, ns, name);
    // no owner reference (ClusterOwnedMetadata), so the garbage collector does not remove these
    // either
    applier.delete(
        io.fabric8.kubernetes.api.model.ConfigMap.class, ns, KafkaMetricsModel.configMapName(name));
    applier.delete(
        io.fabric8.kubernetes.api.model.ConfigMap.class,
        ns,
        io.serverlesskafka.operator.scaling.ConfigMapAutoscalerStateStore.configMapName(name));
    metrics.clusterDeleted(cluster);
    autoscaling.forget(cluster);
    rebalance.forget(cluster);
    events.forget(cluster);
    LOG.info("{}/{} deleted with its Strimzi resources", ns, name);
    return DeleteControl.defaultDelete();
  }

  private ClusterUsage usageOf(ServerlessKafka cluster) {
    List<ServerlessTopic> placed =
        topics
            .list(
                t ->
                    ClusterResolver.refersTo(
                        t.getSpec() == null ? null : t.getSpec().getCluster(),
                        t.getStatus() == null ? null : t.getStatus().getCluster(),
                        cluster))
            .toList();
    String name = cluster.getMetadata().getName();
    List<String> kafkaTopicNames =
        kafkaTopics
            .list(
                cluster.getMetadata().getNamespace(),
                t -> name.equals(t.getMetadata().getLabels().get(StrimziNames.LABEL_CLUSTER)))
            .map(t -> t.getMetadata().getName())
            .toList();
    return ClusterUsage.of(placed, kafkaTopicNames);
  }

  static String bootstrap(List<ListenerStatus> listeners) {
    if (listeners == null || listeners.isEmpty()) {
      return null;
    }
    return listeners.stream()
        .filter(l -> StrimziNames.CLIENT_LISTENER.equals(l.getName()))
        .findFirst()
        .orElse(listeners.get(0))
        .getBootstrapServers();
  }

  private static ServerlessKafkaStatus copyStatus(ServerlessKafka cluster) {
    ServerlessKafkaStatus old = cluster.getStatus();
    ServerlessKafkaStatus status = new ServerlessKafkaStatus();
    if (old != null) {
      status.setConditions(old.getConditions());
      status.setBootstrapServers(old.getBootstrapServers());
      status.setSecurityProtocol(old.getSecurityProtocol());
      status.setDesiredBrokers(old.getDesiredBrokers());
      status.setReadyBrokers(old.getReadyBrokers());
      status.setTopics(old.getTopics());
      status.setRetainedTopics(old.getRetainedTopics());
      status.setServedTopics(old.getServedTopics());
      status.setKafkaVersion(old.getKafkaVersion());
      status.setIdleSince(old.getIdleSince());
      status.setLastWakeUp(old.getLastWakeUp());
      status.setRestUrl(old.getRestUrl());
    }
    return status;
  }
}
