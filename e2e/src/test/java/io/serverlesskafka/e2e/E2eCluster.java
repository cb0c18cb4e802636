package io.serverlesskafka.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.serverlesskafka.devcluster.LocalCluster;
import io.serverlesskafka.localkube.Kubectl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster the end-to-end suite runs against: the one named by {@code E2E_KUBECONFIG} (or the
 * system property {@code e2e.kubeconfig}) with Strimzi and the operator installed, or else a local
 * cluster started here (kube-apiserver, kube-controller-manager, KEDA, the operator as its own
 * process as in a pod, real Kafka brokers; {@code -De2e.operator=in-process} runs it in the test
 * JVM instead). The ServerlessKafka under test is {@code kafka/shared} unless {@code
 * E2E_CLUSTER=namespace/name} says otherwise.
 */
public final class E2eCluster {
  private static E2eCluster instance;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  public final KubernetesClient client;
  public final Kubectl kubectl;
  public final String clusterNamespace;
  public final String clusterName;
  private final String runId = Long.toString(System.currentTimeMillis() % 100_000, 36);

  private E2eCluster(KubernetesClient client, Path kubeconfig, String clusterRef) {
    this.client = client;
    this.kubectl = new Kubectl(kubeconfig);
    this.clusterNamespace = clusterRef.substring(0, clusterRef.indexOf('/'));
    this.clusterName = clusterRef.substring(clusterRef.indexOf('/') + 1);
  }

  public static synchronized E2eCluster get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  private static E2eCluster start() {
    String external = System.getProperty("e2e.kubeconfig", System.getenv("E2E_KUBECONFIG"));
    String clusterRef =
        System.getProperty(
            "e2e.cluster",
            System.getenv()
                .getOrDefault(
                    "E2E_CLUSTER",
                    LocalCluster.DEFAULT_CLUSTER_NAMESPACE
                        + "/"
                        + LocalCluster.DEFAULT_CLUSTER_NAME));
    try {
      if (external != null && !external.isBlank()) {
        Path kubeconfig = Path.of(external);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
        return new E2eCluster(client, kubeconfig, clusterRef);
      }
      Path work = Files.createTempDirectory("skafka-e2e");
      LocalCluster local =
          new LocalCluster(work, 0, step -> System.out.println("[e2e] " + step))
              .withOperatorMode(
                  "in-process".equals(System.getProperty("e2e.operator"))
                      ? LocalCluster.OperatorMode.IN_PROCESS
                      : LocalCluster.OperatorMode.PROCESS)
              // KEDA's real operator scales the consumer Deployments (KedaScalingIT); bin/test
              // builds it
              .withKeda(true);
      local.start(3, Duration.ofMinutes(4));
      return new E2eCluster(local.client(), local.kubeconfig(), clusterRef);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A namespace for one test: a prefix, the run and a counter, so reruns on a shared cluster do not
   * collide.
   */
  public String newNamespace(String prefix) {
    String name = prefix + "-" + runId + "-" + NAMESPACES.incrementAndGet();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * True when kube-apiserver serves KEDA's external metrics (the APIService
   * v1beta1.external.metrics.k8s.io is Available), so that HPAs on them can scale beyond one
   * replica.
   */
  @SuppressWarnings("unchecked")
  public boolean kedaServesMetricsApi() {
    var apiService =
        client
            .genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
            .withName("v1beta1.external.metrics.k8s.io")
            .get();
    if (apiService == null
        || !(apiService.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof java.util.List<?> conditions)) {
      return false;
    }
    return conditions.stream()
        .map(c -> (Map<String, Object>) c)
        .anyMatch(c -> "Available".equals(c.get("type")) && "True".equals(c.get("status")));
  }

  public String clusterRef() {
    return clusterNamespace + "/" + clusterName;
  }

  /**
   * Kafka client settings from a topic's Secret: its client.properties, exactly as an application
   * would load it.
   */
  public Map<String, Object> clientProperties(String namespace, String topic) {
    Secret secret = client.secrets().inNamespace(namespace).withName(topic + "-kafka").get();
    java.util.Properties file = new java.util.Properties();
    try {
      file.load(new java.io.StringReader(decode(secret, "client.properties")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> props = new HashMap<>();
    file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
    return props;
  }

  public String secretValue(String namespace, String secretName, String key) {
    return decode(client.secrets().inNamespace(namespace).withName(secretName).get(), key);
  }

  /**
   * The operator's own admin credentials (Strimzi's user Secret of the cluster's admin KafkaUser).
   */
  public Map<String, Object> adminProperties() {
    String user = clusterName + "-operator-admin";
    String password = secretValue(clusterNamespace, user, "password");
    Map<String, Object> props = new HashMap<>();
    var status =
        client
            .resources(io.serverlesskafka.api.v1alpha1.ServerlessKafka.class)
            .inNamespace(clusterNamespace)
            .withName(clusterName)
            .get()
            .getStatus();
    props.put("bootstrap.servers", status.getBootstrapServers());
    props.put(
        "security.protocol",
        status.getSecurityProtocol() == null ? "SASL_PLAINTEXT" : status.getSecurityProtocol());
    if ("SASL_SSL".equals(status.getSecurityProtocol())) {
      // the cluster CA Strimzi publishes for clients of TLS listeners
      props.put("ssl.truststore.type", "PEM");
      props.put(
          "ssl.truststore.certificates",
          secretValue(clusterNamespace, clusterName + "-cluster-ca-cert", "ca.crt"));
    }
    props.put("sasl.mechanism", "SCRAM-SHA-512");
    props.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    return props;
  }

  private static String decode(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
