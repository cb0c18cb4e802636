package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.RestReplicas;
import io.serverlesskafka.api.v1alpha1.RestSettings;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP gateway of a ServerlessKafka ({@code spec.rest}, docs/gateway.md): a Deployment running
 * the gateway image against the cluster's client listener, a Service in front of it and a
 * HorizontalPodAutoscaler that keeps the replicas between {@code replicas.min} and {@code
 * replicas.max} by CPU. The gateway holds no credentials: callers bring their topic's SCRAM user,
 * so the only secret it mounts is the cluster CA's public certificate.
 */
public final class GatewayModel {
  public static final int PORT = 8082;
  public static final int DEFAULT_MIN_REPLICAS = 1;
  public static final int DEFAULT_MAX_REPLICAS = 3;

  /**
   * CPU utilization (of the request) the HPA aims at: the gateway is CPU-bound (JSON, TLS, Kafka
   * clients).
   */
  public static final int TARGET_CPU_PERCENT = 70;

  /** Label on the gateway's Deployment and pods; the local Strimzi stand-in looks for it too. */
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";

  public static final String COMPONENT = "rest-gateway";

  /**
   * On the Service: the URL callers use when whoever exposes the Service (an Ingress controller's
   * owner, the local cluster) knows a better one than the in-cluster DNS name. Written by them,
   * never by the operator.
   */
  public static final String ANNOTATION_URL = ApiGroup.GROUP + "/url";

  /** Where the cluster CA's certificates are mounted in the gateway container. */
  public static final String CA_DIR = "/etc/serverless-kafka/cluster-ca";

  public static final String DEFAULT_IMAGE_ENV = "GATEWAY_IMAGE";
  public static final String FALLBACK_IMAGE = "serverless-kafka/gateway:latest";

  private final ServerlessKafka cluster;
  private final RestSettings rest;

  public GatewayModel(ServerlessKafka cluster) {
    this.cluster = cluster;
    this.rest =
        cluster.getSpec() == null || cluster.getSpec().getRest() == null
            ? new RestSettings()
            : cluster.getSpec().getRest();
  }

  public boolean enabled() {
    return Boolean.TRUE.equals(rest.getEnabled());
  }

  public static String name(String cluster) {
    return cluster + "-rest";
  }

  public String name() {
    return name(cluster.getMetadata().getName());
  }

  public int minReplicas() {
    RestReplicas r = rest.getReplicas();
    return r == null || r.getMin() == null ? DEFAULT_MIN_REPLICAS : r.getMin();
  }

  public int maxReplicas() {
    RestReplicas r = rest.getReplicas();
    return r == null || r.getMax() == null
        ? Math.max(DEFAULT_MAX_REPLICAS, minReplicas())
        : r.getMax();
  }

  /**
   * @param bootstrapServers the client listener's address (the ServerlessKafka's status)
   * @param security what that listener speaks
   * @param currentReplicas the Deployment's replicas now (set by the HPA or a person), null when it
   *     does not exist: kept within [min, max], so that re-applying never undoes a scaling decision
   * @param defaultImage the image when spec.rest.image is unset
   */
  public Deployment deployment(
      String bootstrapServers,
      ListenerSecurity security,
      Integer currentReplicas,
      String defaultImage) {
    int replicas =
        currentReplicas == null
            ? minReplicas()
            : Math.max(minReplicas(), Math.min(maxReplicas(), currentReplicas));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                bootstrapServers,
                "--security-protocol",
                security.securityProtocol(),
                "--port",
                String.valueOf(PORT)));
    if (security.tls()) {
      args.addAll(List.of("--truststore-pem", CA_DIR + "/" + StrimziNames.CA_CERT_KEY));
    }
    // The root file system is read-only; the JVM and Kafka's compression libraries (extracted
    // native code) need /tmp.
    List<VolumeMount> mounts =
        new ArrayList<>(
            List.of(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build()));
    List<Volume> volumes =
        new ArrayList<>(
            List.of(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build()));
    if (security.tls()) {
      mounts.add(
          new VolumeMountBuilder()
              .withName("cluster-ca")
              .withMountPath(CA_DIR)
              .withReadOnly(true)
              .build());
      volumes.add(
          new VolumeBuilder()
              .withName("cluster-ca")
              .withNewSecret()
              .withSecretName(StrimziNames.clusterCaCertSecret(cluster.getMetadata().getName()))
              .addNewItem()
              .withKey(StrimziNames.CA_CERT_KEY)
              .withPath(StrimziNames.CA_CERT_KEY)
              .endItem()
              .endSecret()
              .build());
    }
    DeploymentBuilder deployment =
        new DeploymentBuilder()
            .withMetadata(metadata())
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .withMatchLabels(selector())
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(podLabels())
            .endMetadata()
            .withNewSpec()
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .endSecurityContext()
            .addNewContainer()
            .withName("gateway")
            .withImage(rest.getImage() != null ? rest.getImage() : defaultImage)
            .withArgs(args)
            .addNewPort()
            .withName("http")
            .withContainerPort(PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(resources())
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/healthz")
            .withPort(new IntOrString("http"))
            .endHttpGet()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .withVolumeMounts(mounts)
            .endContainer()
            .withVolumes(volumes)
            .endSpec()
            .endTemplate()
            .endSpec();
    return deployment.build();
  }

  /**
   * ClientIP affinity keeps a caller on one replica, so its consumer instances are not handed
   * between replicas on every request (correct either way, cheaper this way: docs/gateway.md,
   * "Instances behind a load balancer").
   */
  public Service service() {
    return new ServiceBuilder()
        .withMetadata(metadata())
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(selector())
        .withSessionAffinity("ClientIP")
        .addNewPort()
        .withName("http")
        .withPort(PORT)
        .withTargetPort(new IntOrString("http"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  public HorizontalPodAutoscaler autoscaler() {
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(metadata())
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(name())
        .endScaleTargetRef()
        .withMinReplicas(minReplicas())
        .withMaxReplicas(maxReplicas())
        .addNewMetric()
        .withType("Resource")
        .withNewResource()
        .withName("cpu")
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(TARGET_CPU_PERCENT)
        .endTarget()
        .endResource()
        .endMetric()
        .endSpec()
        .build();
  }

  /**
   * The URL callers use: the Service's {@value #ANNOTATION_URL} when set, else its in-cluster DNS
   * name.
   */
  public static String url(Service service) {
    Map<String, String> annotations = service.getMetadata().getAnnotations();
    String announced = annotations == null ? null : annotations.get(ANNOTATION_URL);
    if (announced != null && !announced.isBlank()) {
      return announced.strip();
    }
    return "http://"
        + service.getMetadata().getName()
        + "."
        + service.getMetadata().getNamespace()
        + ".svc:"
        + PORT;
  }

  private ResourceRequirements resources() {
    if (rest.getResources() != null) {
      return rest.getResources();
    }
    // The HPA needs a CPU request to compute utilization; memory is capped as the JVM sizes its
    // heap from it.
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("250m"))
        .addToRequests("memory", new Quantity("384Mi"))
        .addToLimits("memory", new Quantity("384Mi"))
        .build();
  }

  private ObjectMeta metadata() {
    return ClusterOwnedMetadata.of(cluster, name(), Map.of(LABEL_COMPONENT, COMPONENT));
  }

  private Map<String, String> selector() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_COMPONENT, COMPONENT);
    labels.put(ApiGroup.LABEL_CLUSTER, cluster.getMetadata().getName());
    return labels;
  }

  private Map<String, String> podLabels() {
    Map<String, String> labels = new LinkedHashMap<>(selector());
    labels.put("app.kubernetes.io/name", "serverless-kafka-gateway");
    return labels;
  }
}
