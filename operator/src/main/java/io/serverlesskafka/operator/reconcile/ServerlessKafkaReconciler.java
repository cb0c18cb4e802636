package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.events.EventRecorder;
import io.serverlesskafka.operator.metrics.OperatorMetrics;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Phase;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.status.Conditions;
import io.serverlesskafka.operator.status.StatusWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ServerlessKafka → Strimzi Kafka, controller and broker KafkaNodePools and the operator's admin
 * KafkaUser. Observe ({@link ClusterObserver}) → decide ({@link ClusterDecider}, pure) → act (the
 * writes, the HTTP gateway) → one status write → Events → the autoscaler and the rebalancer, which
 * record their own progress. Deletion waits until no topic uses the cluster, which stays managed
 * meanwhile.
 */
// Not generation-aware: the rebalance request is an annotation, which does not change the
// generation. Status writes that change nothing are no-ops on the API server, so they do not wake
// this controller again.
@ControllerConfiguration(
    name = ServerlessKafkaReconciler.NAME,
    generationAwareEventProcessing = false)
public class ServerlessKafkaReconciler
    implements Reconciler<ServerlessKafka>, Cleaner<ServerlessKafka> {
  public static final String NAME = "serverlesskafka";
  private static final Logger LOG = LoggerFactory.getLogger(ServerlessKafkaReconciler.class);

  /** After a conflict on the broker pool (a scale, or Strimzi's status): read it again soon. */
  private static final Duration AFTER_CONFLICT = Duration.ofSeconds(1);

  private final ResourceApplier applier;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final RebalanceStep rebalance;
  private final AutoscalingStep autoscaling;
  private final RestGatewayStep restGateway;
  private final ClusterDecider decider;
  private final WrittenStatus written = new WrittenStatus();
  private ClusterEventSources sources;
  private ClusterObserver observer;

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
    this.restGateway = new RestGatewayStep(applier);
    this.decider = new ClusterDecider(clock);
  }

  @Override
  public List<EventSource<?, ServerlessKafka>> prepareEventSources(
      EventSourceContext<ServerlessKafka> context) {
    sources = new ClusterEventSources(context);
    observer = new ClusterObserver(sources, written);
    return sources.all();
  }

  @Override
  public UpdateControl<ServerlessKafka> reconcile(
      ServerlessKafka cluster, Context<ServerlessKafka> context) {
    metrics.clusterReconciled(cluster);
    ClusterDecision decision = decider.decide(observer.observe(context.getClient(), cluster));
    return UpdateControl.<ServerlessKafka>noUpdate()
        .rescheduleAfter(act(cluster, context.getClient(), decision));
  }

  @Override
  public DeleteControl cleanup(ServerlessKafka cluster, Context<ServerlessKafka> context) {
    metrics.clusterReconciled(cluster);
    ClusterDecision decision = decider.decide(observer.observe(context.getClient(), cluster));
    if (decision.phase() != Phase.REMOVED) {
      // Refused: the cluster stays, managed, until its last topic is gone.
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(act(cluster, context.getClient(), decision));
    }
    restGateway.remove(context.getClient(), cluster);
    write(decision.writes());
    metrics.clusterDeleted(cluster);
    autoscaling.forget(cluster);
    rebalance.forget(cluster);
    events.forget(cluster);
    written.forget(cluster);
    LOG.info(
        "{}/{} deleted with its Strimzi resources",
        cluster.getMetadata().getNamespace(),
        cluster.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /**
   * Carries out a decision for a cluster that stays; returns when to look again. The status is
   * written once, after the objects it describes; the autoscaler and the rebalancer run only on a
   * Ready cluster, after its status says so.
   */
  private Duration act(ServerlessKafka cluster, KubernetesClient client, ClusterDecision decision) {
    try {
      write(decision.writes());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // The broker pool changed since it was read: decide again from what it is now.
      return AFTER_CONFLICT;
    }
    ServerlessKafkaStatus status = decision.status();
    if (decision.applies()) {
      // The gateway's URL is known once its Service is applied; it goes into the same status.
      String ns = cluster.getMetadata().getNamespace();
      restGateway.run(
          client, cluster, status, svc -> sources.services.get(new ResourceID(svc, ns)));
    }
    written.remember(statusWriter.write(cluster, status, decision.clearedStatusFields()));
    for (ClusterDecision.Note note : decision.events()) {
      note(cluster, note);
    }
    switch (decision.phase()) {
      case HIBERNATING -> metrics.clusterBrokers(cluster, 0, 0);
      case RUNNING, READY ->
          metrics.clusterBrokers(cluster, status.getDesiredBrokers(), status.getReadyBrokers());
      default -> {}
    }
    if (decision.phase() == Phase.READY) {
      ClusterSettings settings = ClusterSettings.of(cluster.getSpec());
      rebalance.run(cluster, settings);
      autoscaling.run(cluster, settings);
    }
    return decision.requeue();
  }

  private void write(List<ClusterDecision.Write> writes) {
    for (ClusterDecision.Write write : writes) {
      switch (write) {
        case ClusterDecision.Apply a -> applier.apply(a.object());
        case ClusterDecision.ApplyIfUnchanged a ->
            applier.applyIfUnchanged(a.object(), a.resourceVersion());
        case ClusterDecision.Delete d -> applier.delete(d.type(), d.namespace(), d.name());
      }
    }
  }

  private void note(ServerlessKafka cluster, ClusterDecision.Note note) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    if (note.warning()) {
      events.warning(cluster, note.reason(), note.message());
      LOG.warn("{}/{} not ready: {}: {}", ns, name, note.reason(), note.message());
    } else {
      events.normal(cluster, note.reason(), note.message());
      LOG.info("{}/{} {}: {}", ns, name, note.reason(), note.message());
    }
  }

  @Override
  public ErrorStatusUpdateControl<ServerlessKafka> updateErrorStatus(
      ServerlessKafka cluster, Context<ServerlessKafka> context, Exception e) {
    ServerlessKafkaStatus status = ClusterDraft.copyStatus(written.freshest(cluster));
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
    // No reconcile status was written (the exception came first): this is the one write.
    written.remember(statusWriter.write(cluster, status));
    events.warning(cluster, EventReason.ReconcileError, message);
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /** Clusters whose last status write is remembered (for the operator's tracked-entries gauge). */
  public int trackedEntries() {
    return written.trackedEntries();
  }
}
