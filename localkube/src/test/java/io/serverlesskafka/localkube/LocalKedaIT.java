package io.serverlesskafka.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KEDA's metrics API server behind the local API server's aggregation layer, and the HPA controller
 * scaling on it: the path from 1 to N replicas, without Kafka. A cron trigger that is always active
 * (from 1 January to 31 December) asks for 3 replicas: KEDA's operator wakes the Deployment from 0
 * to 1, and the HPA KEDA created reads external.metrics.k8s.io through kube-apiserver and scales it
 * to 3. Skipped when scripts/build-keda.sh has not built KEDA's operator and metrics API server.
 */
class LocalKedaIT {
  static final ResourceDefinitionContext SCALED_OBJECT =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withPlural("scaledobjects")
          .withKind("ScaledObject")
          .withNamespaced(true)
          .build();
  private static LocalKubeApiServer server;
  private static KubernetesClient client;
  private static LocalKeda keda;
  private static Path workDir;

  @BeforeAll
  static void start() throws Exception {
    assumeThat(LocalKeda.built() && LocalKeda.adapterBuilt())
        .as("KEDA's operator and metrics API server built by scripts/build-keda.sh")
        .isTrue();
    server = new LocalKubeApiServer().start();
    client = server.newClient();
    workDir = Files.createTempDirectory("local-keda-it-");
    long started = System.nanoTime();
    keda =
        LocalKeda.start(client, server.writeKubeConfig(workDir.resolve("kubeconfig")), workDir)
            .awaitStarted(Duration.ofMinutes(3));
    System.out.printf(
        "KEDA operator and metrics API server started, APIService available, in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  static void stop() {
    if (keda != null) {
      keda.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void kubeApiServerServesKedasExternalMetricsApi() {
    assertThat(keda.apiServiceAvailable()).isEqualTo("True");
    String discovery = client.raw("/apis/external.metrics.k8s.io/v1beta1");
    assertThat(discovery).contains("\"groupVersion\":\"external.metrics.k8s.io/v1beta1\"");
  }

  @Test
  void theHpaControllerScalesFromOneToTheReplicasKedasMetricAsksFor() {
    String ns = "cron";
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .serverSideApply();
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("worker")
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withNewSelector()
                .addToMatchLabels("app", "worker")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "worker")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("worker")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    GenericKubernetesResource scaledObject = new GenericKubernetesResource();
    scaledObject.setApiVersion("keda.sh/v1alpha1");
    scaledObject.setKind("ScaledObject");
    scaledObject.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("worker")
            .withNamespace(ns)
            .build());
    scaledObject.setAdditionalProperty(
        "spec",
        Map.of(
            "scaleTargetRef",
            Map.of("name", "worker"),
            "pollingInterval",
            2,
            "minReplicaCount",
            0,
            "maxReplicaCount",
            5,
            "triggers",
            List.of(
                Map.of(
                    "type",
                    "cron",
                    "metadata",
                    // next end before next start: active all year but the last minute
                    Map.of(
                        "timezone",
                        "UTC",
                        "start",
                        "0 0 1 1 *",
                        "end",
                        "59 23 31 12 *",
                        "desiredReplicas",
                        "3")))));
    long created = System.nanoTime();
    client.genericKubernetesResources(SCALED_OBJECT).resource(scaledObject).create();

    await("KEDA's operator wakes the Deployment")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> replicas(ns) >= 1);
    long woken = System.nanoTime();
    await("the HPA controller scales it to the 3 replicas of the external metric")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> assertThat(replicas(ns)).as("replicas; HPA %s", hpaConditions(ns)).isEqualTo(3));
    long scaled = System.nanoTime();
    System.out.printf(
        "ScaledObject to 1 replica: %.1f s; 1 to 3 replicas (HPA): %.1f s%n",
        (woken - created) / 1e9, (scaled - woken) / 1e9);
    HorizontalPodAutoscaler hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(ns)
            .withName("keda-hpa-worker")
            .get();
    System.out.printf(
        "HPA status: currentReplicas %s, desiredReplicas %s, current metrics %s%n",
        hpa.getStatus().getCurrentReplicas(),
        hpa.getStatus().getDesiredReplicas(),
        hpa.getStatus().getCurrentMetrics());
    assertThat(hpa.getStatus().getCurrentMetrics())
        .singleElement()
        .satisfies(m -> assertThat(m.getExternal().getMetric().getName()).startsWith("s0-cron"));
  }

  private static int replicas(String ns) {
    Deployment d = client.apps().deployments().inNamespace(ns).withName("worker").get();
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  private static String hpaConditions(String ns) {
    HorizontalPodAutoscaler hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(ns)
            .withName("keda-hpa-worker")
            .get();
    if (hpa == null || hpa.getStatus() == null || hpa.getStatus().getConditions() == null) {
      return "(no status)";
    }
    return hpa.getStatus().getConditions().stream()
        .map(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
        .toList()
        .toString();
  }
}
