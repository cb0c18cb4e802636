package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.operator.model.ClusterOwnedMetadata;
import io.serverlesskafka.operator.model.GatewayModel;
import io.serverlesskafka.operator.model.ListenerSecurity;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies or removes a cluster's HTTP gateway ({@link GatewayModel}) and puts its URL into the
 * status the reconciler writes (topic Secrets copy it from there as {@code rest.url}). The gateway
 * needs the client listener's address, so nothing is applied before the cluster has one.
 */
public final class RestGatewayStep {
  private static final Logger LOG = LoggerFactory.getLogger(RestGatewayStep.class);
  private final ResourceApplier applier;
  private final String defaultImage;

  public RestGatewayStep(ResourceApplier applier) {
    this(
        applier,
        Optional.ofNullable(System.getenv(GatewayModel.DEFAULT_IMAGE_ENV))
            .filter(s -> !s.isBlank())
            .orElse(GatewayModel.FALLBACK_IMAGE));
  }

  public RestGatewayStep(ResourceApplier applier, String defaultImage) {
    this.applier = applier;
    this.defaultImage = defaultImage;
  }

  /**
   * @param services the cluster namespace's Services the operator wrote, by name (the informer
   *     cache)
   */
  public void run(
      KubernetesClient client,
      ServerlessKafka cluster,
      ServerlessKafkaStatus status,
      Function<String, Optional<Service>> services) {
    GatewayModel model = new GatewayModel(cluster);
    String ns = cluster.getMetadata().getNamespace();
    if (!model.enabled()) {
      status.setRestUrl(null);
      // Only when this cluster wrote a gateway: a cluster without one costs no calls.
      if (services
          .apply(model.name())
          .filter(s -> ClusterOwnedMetadata.ownedBy(s, cluster))
          .isPresent()) {
        remove(client, cluster);
        LOG.info(
            "{}/{} HTTP gateway removed (spec.rest.enabled is not true)",
            ns,
            cluster.getMetadata().getName());
      }
      return;
    }
    if (status.getBootstrapServers() == null || status.getSecurityProtocol() == null) {
      return;
    }
    Deployment live = client.apps().deployments().inNamespace(ns).withName(model.name()).get();
    Service liveService = client.services().inNamespace(ns).withName(model.name()).get();
    HorizontalPodAutoscaler liveHpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(ns)
            .withName(model.name())
            .get();
    String foreign = foreign(cluster, live, liveService, liveHpa);
    if (foreign != null) {
      // Never take over what someone else made (docs/architecture.md, "Never adopt what we did not
      // create").
      status.setRestUrl(null);
      LOG.warn(
          "{}/{} HTTP gateway not written: {} {}/{} exists and was not made for this cluster",
          ns,
          cluster.getMetadata().getName(),
          foreign,
          ns,
          model.name());
      return;
    }
    Integer replicas = live == null || live.getSpec() == null ? null : live.getSpec().getReplicas();
    applier.apply(
        model.deployment(
            status.getBootstrapServers(),
            ListenerSecurity.fromProtocol(status.getSecurityProtocol()),
            replicas,
            defaultImage));
    Service service = applier.apply(model.service());
    applier.apply(model.autoscaler());
    status.setRestUrl(GatewayModel.url(service));
  }

  private static String foreign(
      ServerlessKafka cluster,
      Deployment deployment,
      Service service,
      HorizontalPodAutoscaler hpa) {
    if (deployment != null && !ClusterOwnedMetadata.ownedBy(deployment, cluster)) {
      return "Deployment";
    }
    if (service != null && !ClusterOwnedMetadata.ownedBy(service, cluster)) {
      return "Service";
    }
    return hpa != null && !ClusterOwnedMetadata.ownedBy(hpa, cluster)
        ? "HorizontalPodAutoscaler"
        : null;
  }

  /** Deletes the gateway's objects, only those written for this very cluster. */
  public void remove(KubernetesClient client, ServerlessKafka cluster) {
    String ns = cluster.getMetadata().getNamespace();
    String name = GatewayModel.name(cluster.getMetadata().getName());
    HorizontalPodAutoscaler hpa =
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName(name).get();
    if (hpa != null && ClusterOwnedMetadata.ownedBy(hpa, cluster)) {
      applier.delete(HorizontalPodAutoscaler.class, ns, name);
    }
    Service service = client.services().inNamespace(ns).withName(name).get();
    if (service != null && ClusterOwnedMetadata.ownedBy(service, cluster)) {
      applier.delete(Service.class, ns, name);
    }
    Deployment deployment = client.apps().deployments().inNamespace(ns).withName(name).get();
    if (deployment != null && ClusterOwnedMetadata.ownedBy(deployment, cluster)) {
      applier.delete(Deployment.class, ns, name);
    }
  }
}
