package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.events.EventRecorder;
import io.serverlesskafka.operator.kafka.ClusterAdmins;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.rebalance.ClusterRebalancer;
import io.serverlesskafka.operator.rebalance.ExecutorSettings;
import io.serverlesskafka.operator.status.StatusWriter;
import java.util.Map;

/**
 * The rebalancing step of a ServerlessKafka reconcile: fills brokers that hold no replica (new brokers after a
 * scale-up) when {@code spec.rebalancing.enabled}, and rebalances once on request through the annotation
 * {@code serverlesskafka.io/rebalance: "true"}, which is removed when the plan starts. Progress goes to
 * {@code status.rebalance}; the end is an Event.
 */
public final class RebalanceStep {
  public static final String ANNOTATION = ApiGroup.GROUP + "/rebalance";
  private final KubernetesClient client;
  private final ClusterAdmins admins;
  private final ClusterRebalancer rebalancer;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final io.serverlesskafka.operator.metrics.OperatorMetrics metrics;

  public RebalanceStep(KubernetesClient client, ClusterAdmins admins, ClusterRebalancer rebalancer, StatusWriter statusWriter,
      EventRecorder events, io.serverlesskafka.operator.metrics.OperatorMetrics metrics) {
    this.metrics = metrics;
    this.client = client;
    this.admins = admins;
    this.rebalancer = rebalancer;
    this.statusWriter = statusWriter;
    this.events = events;
  }

  public void run(ServerlessKafka cluster, ClusterSettings settings) {
    String key = ClusterResolver.key(cluster);
    boolean requested = cluster.getMetadata().getAnnotations() != null
        && "true".equals(cluster.getMetadata().getAnnotations().get(ANNOTATION));
    if ((!settings.rebalancingEnabled() && !requested) || rebalancer.isRunning(key)) {
      return;
    }
    ExecutorSettings executor = ExecutorSettings.of(settings.throttleMiBps());
    boolean started = admins.call(cluster, admin -> rebalancer.consider(ClusterRebalancer.Job.balance(key, admin.admin(),
        settings.maxImbalance(), executor, requested,
        status -> {
          statusWriter.write(cluster, Map.of("rebalance", status));
          metrics.rebalanceProgress(cluster, status);
        },
        message -> events.normal(cluster, EventReason.RebalanceFinished, message)))).orElse(false);
    if (started && requested) {
      // One request, one rebalance: take the annotation away so the next reconcile does not start another.
      client.resources(ServerlessKafka.class).inNamespace(cluster.getMetadata().getNamespace())
          .withName(cluster.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":null}}}");
      events.normal(cluster, EventReason.RebalanceStarted, "rebalance requested through the " + ANNOTATION + " annotation");
    }
  }
}
