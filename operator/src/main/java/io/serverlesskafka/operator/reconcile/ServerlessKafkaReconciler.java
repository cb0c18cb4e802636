package io.serverlesskafka.operator.reconcile;

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
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
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
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ServerlessKafka → Strimzi Kafka, controller and broker KafkaNodePools and the operator's admin KafkaUser.
 * Observe → validate → decide ({@link KafkaClusterModel}) → apply → write status. Deletion waits until no
 * ServerlessTopic uses the cluster.
 */
// Not generation-aware: the rebalance request is an annotation, which does not change the generation. Status
// writes that change nothing are no-ops on the API server, so they do not wake this controller again.
@ControllerConfiguration(name = ServerlessKafkaReconciler.NAME, generationAwareEventProcessing = false)
public class ServerlessKafkaReconciler implements Reconciler<ServerlessKafka>, Cleaner<ServerlessKafka> {
  public static final String NAME = "serverlesskafka";
  private static final Logger LOG = LoggerFactory.getLogger(ServerlessKafkaReconciler.class);
  private static final Duration RESYNC = Duration.ofMinutes(5);
  private static final Duration RETRY_SOON = Duration.ofSeconds(30);
  private static final Duration MEASURE_INTERVAL = Duration.ofSeconds(15);

  private final ResourceApplier applier;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final RebalanceStep rebalance;
  private final AutoscalingStep autoscaling;
  private final OnDemandProvisioning onDemand;
  private InformerEventSource<Kafka, ServerlessKafka> kafkas;
  private InformerEventSource<KafkaNodePool, ServerlessKafka> pools;
  private InformerEventSource<KafkaUser, ServerlessKafka> adminUsers;
  private InformerEventSource<ServerlessTopic, ServerlessKafka> topics;

  public ServerlessKafkaReconciler(
      ResourceApplier applier, StatusWriter statusWriter, EventRecorder events, OperatorMetrics metrics, Clock clock,
      RebalanceStep rebalance, AutoscalingStep autoscaling) {
    this.rebalance = rebalance;
    this.autoscaling = autoscaling;
    this.applier = applier;
    this.statusWriter = statusWriter;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.onDemand = new OnDemandProvisioning(applier, statusWriter, events, clock);
  }

  @Override
  public List<EventSource<?, ServerlessKafka>> prepareEventSources(EventSourceContext<ServerlessKafka> context) {
    kafkas = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Kafka.class, ServerlessKafka.class)
            .withName("kafkas").withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ServerlessKafka.class)).build(),
        context);
    pools = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(KafkaNodePool.class, ServerlessKafka.class)
            .withName("nodepools").withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ServerlessKafka.class)).build(),
        context);
    adminUsers = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(KafkaUser.class, ServerlessKafka.class)
            .withName("admin-users").withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ServerlessKafka.class)).build(),
        context);
    // Topics live in tenant namespaces; their resolved cluster (status.cluster) points back here.
    topics = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(ServerlessTopic.class, ServerlessKafka.class)
            .withName("topics")
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(t -> {
              String key = t.getStatus() == null ? null : t.getStatus().getCluster();
              if (key == null || !key.contains("/")) {
                return Set.of();
              }
              return Set.of(new ResourceID(key.substring(key.indexOf('/') + 1), key.substring(0, key.indexOf('/'))));
            })
            .build(),
        context);
    return List.of(kafkas, pools, adminUsers, topics);
  }

  @Override
  public UpdateControl<ServerlessKafka> reconcile(ServerlessKafka cluster, Context<ServerlessKafka> context) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    ServerlessKafkaStatus status = copyStatus(cluster);
    status.setObservedGeneration(cluster.getMetadata().getGeneration());
    status.setTopics(topicsOf(cluster).size());

    KafkaClusterModel model;
    try {
      model = new KafkaClusterModel(cluster);
    } catch (IllegalArgumentException e) {
      return notReady(cluster, status, ConditionReason.InvalidSpec, e.getMessage(), true);
    }
    Optional<String> problem = model.settings().problem();
    if (problem.isPresent()) {
      // Keep the cluster as it was last applied: a bad edit must not resize or restart anything.
      return notReady(cluster, status, ConditionReason.InvalidSpec, problem.get(), true);
    }

    if (onDemand.idle(context.getClient(), cluster, model.settings(), status)) {
      status.setConditions(Conditions.merge(status.getConditions(), Conditions.ready(true, ConditionReason.Hibernating,
          "hibernating: no topics, no brokers (provisioning OnDemand); the first ServerlessTopic wakes the cluster up",
          cluster.getMetadata().getGeneration(), clock)));
      statusWriter.write(cluster, status);
      metrics.clusterBrokers(cluster, 0, 0);
      return UpdateControl.<ServerlessKafka>noUpdate().rescheduleAfter(RESYNC);
    }

    Optional<KafkaNodePool> brokerPool = pools.get(new ResourceID(StrimziNames.brokerPool(name), ns));
    // The pool's size is owned by whoever scaled it last (the autoscaler, or a person): read it live, not from
    // the informer cache, so that re-applying the pool never puts back a size from a moment ago.
    KafkaNodePool livePool = context.getClient().resources(KafkaNodePool.class).inNamespace(ns)
        .withName(StrimziNames.brokerPool(name)).get();
    Integer currentReplicas = livePool == null || livePool.getSpec() == null ? null : livePool.getSpec().getReplicas();
    boolean created = kafkas.get(new ResourceID(name, ns)).isEmpty();
    if (created) {
      onDemand.wakeUpStarting(cluster, model.settings(), status);
    }
    if (model.exportsMetrics()) {
      applier.apply(model.metricsConfigMap());
    } else {
      applier.delete(io.fabric8.kubernetes.api.model.ConfigMap.class, ns, KafkaMetricsModel.configMapName(name));
    }
    applier.apply(model.kafka(kafkas.get(new ResourceID(name, ns)).orElse(null)));
    applier.apply(model.controllerPool());
    KafkaNodePool desiredBrokers;
    try {
      desiredBrokers = livePool == null ? applier.apply(model.brokerPool(null))
          : applier.applyIfUnchanged(model.brokerPool(currentReplicas), livePool.getMetadata().getResourceVersion());
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // The pool changed since it was read (a scale, or Strimzi's status): read it again in a moment.
      return UpdateControl.<ServerlessKafka>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
    }
    applier.apply(model.adminUser());
    if (created) {
      events.normal(cluster, EventReason.Created, "Strimzi Kafka " + ns + "/" + name + " created with "
          + desiredBrokers.getSpec().getReplicas() + " brokers and " + model.settings().controllers() + " controllers");
    }

    Kafka kafka = kafkas.get(new ResourceID(name, ns)).orElse(null);
    KafkaUser admin = adminUsers.get(new ResourceID(StrimziNames.adminUser(name), ns)).orElse(null);
    status.setDesiredBrokers(desiredBrokers.getSpec().getReplicas());
    status.setReadyBrokers(brokerPool.map(p -> p.getStatus() == null ? 0 : p.getStatus().getReplicas()).orElse(0));
    StrimziReadiness kafkaReady = kafka == null || kafka.getStatus() == null ? StrimziReadiness.of(null, null, null)
        : StrimziReadiness.of(kafka.getStatus().getConditions(), kafka.getStatus().getObservedGeneration(), kafka.getMetadata().getGeneration());
    StrimziReadiness adminReady = admin == null || admin.getStatus() == null ? StrimziReadiness.of(null, null, null)
        : StrimziReadiness.of(admin.getStatus().getConditions(), admin.getStatus().getObservedGeneration(), admin.getMetadata().getGeneration());
    if (kafka != null && kafka.getStatus() != null) {
      String address = bootstrap(kafka.getStatus().getListeners());
      // The address and what it speaks change together, and only once Strimzi reports the Kafka as specified:
      // while a listener change rolls out, the old address is still listed while the spec has the new protocol,
      // and a topic Secret written from that pair would point plain-text clients at a TLS port.
      if (address != null && java.util.Objects.equals(kafka.getStatus().getObservedGeneration(), kafka.getMetadata().getGeneration())) {
        ListenerSecurity security = ListenerSecurity.of(kafka);
        status.setBootstrapServers(address);
        status.setSecurityProtocol(security == null ? null : security.securityProtocol());
      }
      status.setKafkaVersion(kafka.getStatus().getKafkaVersion());
    }
    metrics.clusterBrokers(cluster, status.getDesiredBrokers(), status.getReadyBrokers());

    if (kafkaReady.failed()) {
      return notReady(cluster, status, ConditionReason.StrimziRejected, "Strimzi reports the Kafka cluster not ready: " + kafkaReady.describe(), true);
    }
    if (adminReady.failed()) {
      return notReady(cluster, status, ConditionReason.StrimziRejected, "Strimzi reports the admin KafkaUser not ready: " + adminReady.describe(), true);
    }
    if (!kafkaReady.ready() || !adminReady.ready() || status.getBootstrapServers() == null) {
      return notReady(cluster, status, ConditionReason.Provisioning,
          "waiting for Strimzi: Kafka " + (kafkaReady.ready() ? "ready" : "not ready yet") + ", admin user "
              + (adminReady.ready() ? "ready" : "not ready yet"), false);
    }
    boolean wasReady = Conditions.isTrue(cluster.getStatus() == null ? null : cluster.getStatus().getConditions(), Conditions.READY);
    String message = status.getReadyBrokers() + " brokers ready at " + status.getBootstrapServers();
    status.setConditions(Conditions.merge(status.getConditions(),
        Conditions.ready(true, ConditionReason.Ready, message, cluster.getMetadata().getGeneration(), clock)));
    onDemand.awake(cluster, status);
    statusWriter.write(cluster, status);
    if (!wasReady) {
      events.normal(cluster, EventReason.Ready, message);
      LOG.info("{}/{} ready: {}", ns, name, message);
    }
    rebalance.run(cluster, model.settings());
    autoscaling.run(cluster, model.settings());
    // The autoscaler and the imbalance watch sample throughput: come back soon while either is on.
    return UpdateControl.<ServerlessKafka>noUpdate()
        .rescheduleAfter(AutoscalingStep.enabled(model.settings()) || model.settings().rebalancingEnabled() ? MEASURE_INTERVAL : RESYNC);
  }

  private UpdateControl<ServerlessKafka> notReady(ServerlessKafka cluster, ServerlessKafkaStatus status, ConditionReason reason,
      String message, boolean warn) {
    status.setConditions(Conditions.merge(status.getConditions(),
        Conditions.ready(false, reason, message, cluster.getMetadata().getGeneration(), clock)));
    statusWriter.write(cluster, status);
    if (warn) {
      events.warning(cluster, reason == ConditionReason.InvalidSpec ? EventReason.InvalidSpec
          : reason == ConditionReason.DeletionBlocked ? EventReason.DeletionBlocked : EventReason.StrimziRejected, message);
      LOG.warn("{}/{} not ready: {}: {}", cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), reason, message);
    }
    return UpdateControl.<ServerlessKafka>noUpdate().rescheduleAfter(warn ? RETRY_SOON : RESYNC);
  }

  @Override
  public ErrorStatusUpdateControl<ServerlessKafka> updateErrorStatus(ServerlessKafka cluster, Context<ServerlessKafka> context, Exception e) {
    ServerlessKafkaStatus status = copyStatus(cluster);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    status.setConditions(Conditions.merge(status.getConditions(),
        Conditions.ready(false, ConditionReason.ReconcileError, message, cluster.getMetadata().getGeneration(), clock)));
    statusWriter.write(cluster, status);
    events.warning(cluster, EventReason.ReconcileError, message);
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  @Override
  public DeleteControl cleanup(ServerlessKafka cluster, Context<ServerlessKafka> context) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    List<ServerlessTopic> remaining = topicsOf(cluster);
    if (!remaining.isEmpty()) {
      ServerlessKafkaStatus status = copyStatus(cluster);
      status.setTopics(remaining.size());
      String list = String.join(", ", remaining.stream()
          .map(t -> t.getMetadata().getNamespace() + "/" + t.getMetadata().getName()).sorted().limit(10).toList());
      String message = "deletion refused: " + remaining.size() + " ServerlessTopic(s) still use this cluster (" + list
          + (remaining.size() > 10 ? ", ..." : "") + "); delete them first, the cluster stays as it is until then";
      notReady(cluster, status, ConditionReason.DeletionBlocked, message, true);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_SOON.toMillis());
    }
    applier.delete(KafkaUser.class, ns, StrimziNames.adminUser(name));
    applier.delete(KafkaNodePool.class, ns, StrimziNames.brokerPool(name));
    applier.delete(KafkaNodePool.class, ns, StrimziNames.controllerPool(name));
    applier.delete(Kafka.class, ns, name);
    metrics.clusterDeleted(cluster);
    LOG.info("{}/{} deleted with its Strimzi resources", ns, name);
    return DeleteControl.defaultDelete();
  }

  private List<ServerlessTopic> topicsOf(ServerlessKafka cluster) {
    return topics.list(t -> ClusterResolver.refersTo(t.getSpec() == null ? null : t.getSpec().getCluster(),
        t.getStatus() == null ? null : t.getStatus().getCluster(), cluster)).toList();
  }

  static String bootstrap(List<ListenerStatus> listeners) {
    if (listeners == null || listeners.isEmpty()) {
      return null;
    }
    return listeners.stream().filter(l -> StrimziNames.CLIENT_LISTENER.equals(l.getName())).findFirst()
        .orElse(listeners.get(0)).getBootstrapServers();
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
      status.setKafkaVersion(old.getKafkaVersion());
      status.setIdleSince(old.getIdleSince());
      status.setLastWakeUp(old.getLastWakeUp());
    }
    return status;
  }
}
