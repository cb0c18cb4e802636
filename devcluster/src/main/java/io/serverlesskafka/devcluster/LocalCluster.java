package io.serverlesskafka.devcluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.devcluster.strimzi.LocalStrimzi;
import io.serverlesskafka.localkube.CrdInstaller;
import io.serverlesskafka.localkube.LocalKubeApiServer;
import io.serverlesskafka.operator.ServerlessKafkaOperator;
import io.serverlesskafka.operator.config.OperatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The whole product on one machine: a real kube-apiserver, our CRDs and Strimzi's, the local Strimzi
 * stand-in with real Kafka brokers, the operator, and a default ServerlessKafka. Used by the dev command and
 * by the end-to-end suite.
 */
public final class LocalCluster implements AutoCloseable {
  public static final String DEFAULT_CLUSTER_NAMESPACE = "kafka";
  public static final String DEFAULT_CLUSTER_NAME = "shared";

  private final Path workDir;
  private final int metricsPort;
  private final Consumer<String> progress;
  private LocalKubeApiServer apiServer;
  private KubernetesClient client;
  private LocalStrimzi strimzi;
  private ServerlessKafkaOperator operator;
  private Path kubeconfig;
  private volatile boolean closed;
  private final java.util.List<Runnable> beforeClose = new java.util.concurrent.CopyOnWriteArrayList<>();
  private UnaryOperator<OperatorConfig> operatorConfig = UnaryOperator.identity();
  private Runnable whenApiServerLost = () -> {};

  public LocalCluster(Path workDir, int metricsPort, Consumer<String> progress) {
    this.workDir = workDir;
    this.metricsPort = metricsPort;
    this.progress = progress;
  }

  /** Adjusts the operator's settings (e.g. a short usage metering interval in tests); call before start. */
  public LocalCluster withOperatorConfig(UnaryOperator<OperatorConfig> tweak) {
    this.operatorConfig = tweak;
    return this;
  }

  /** What to do when etcd or kube-apiserver exits while the cluster runs (see the dev command); call before start. */
  public LocalCluster whenApiServerLost(Runnable action) {
    this.whenApiServerLost = action;
    return this;
  }

  public LocalCluster start(int brokers, Duration readyTimeout) {
    progress.accept("starting kube-apiserver and etcd");
    // One shutdown hook for the whole local cluster, so that the order below holds when the JVM is signalled.
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "local-cluster-stop"));
    apiServer = new LocalKubeApiServer().whenStoppedUnexpectedly(this::apiServerLost).start(false);
    kubeconfig = apiServer.writeKubeConfig(workDir.resolve("kubeconfig"));
    client = apiServer.newClient();
    progress.accept("installing CRDs (ServerlessKafka, ServerlessTopic, Strimzi, KEDA)");
    new CrdInstaller(client).installAll();
    // KEDA's CRDs only: ScaledObjects are written and can be inspected; nothing scales Deployments here.
    new CrdInstaller(client).installKeda();
    int restored = DevState.restoreBase(client, stateFile());
    progress.accept("starting the local Strimzi stand-in (Kafka data in " + workDir.resolve("kafka") + ")");
    strimzi = new LocalStrimzi(client, workDir.resolve("kafka")).start();
    progress.accept("starting the operator");
    operator = new ServerlessKafkaOperator(client, operatorConfig.apply(OperatorConfig.defaults().withMetricsPort(metricsPort))).start();
    progress.accept("applying ServerlessKafka " + DEFAULT_CLUSTER_NAMESPACE + "/" + DEFAULT_CLUSTER_NAME + " (" + brokers + " brokers)");
    applyDefaultCluster(brokers);
    progress.accept(restored == 0 ? "nothing to restore from an earlier run"
        : "restored the last run's namespaces, clusters, topics and credentials ("
            + (restored + DevState.restoreResources(client, stateFile())) + " objects)");
    progress.accept("waiting for " + brokers + " Kafka brokers to start (KRaft, SCRAM-SHA-512)");
    try {
      client.resources(ServerlessKafka.class).inNamespace(DEFAULT_CLUSTER_NAMESPACE).withName(DEFAULT_CLUSTER_NAME)
          .waitUntilCondition(k -> k != null && k.getStatus() != null && k.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())), readyTimeout.toSeconds(), TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      close(); // a start that fails leaves no API server or broker behind
      throw e;
    }
    return this;
  }

  private void apiServerLost() {
    if (!closed) { // once stopping, the API server going is expected
      whenApiServerLost.run();
    }
  }

  private void applyDefaultCluster(int brokers) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(DEFAULT_CLUSTER_NAMESPACE).endMetadata().build())
        .serverSideApply();
    String yaml = """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata:
          name: %s
          namespace: %s
          annotations: { %s: "true" }
        spec:
          controllers: { replicas: 1 }
          brokers: { min: %d, max: %d }
          # every namespace may put topics here, so the quick start's team-a works; a new cluster's default is Same
          allowedTopics: { namespaces: { from: All } }
        """.formatted(DEFAULT_CLUSTER_NAME, DEFAULT_CLUSTER_NAMESPACE, ApiGroup.ANNOTATION_DEFAULT_CLUSTER, brokers, Math.max(brokers, 6));
    ServerlessKafka cluster = client.getKubernetesSerialization().unmarshal(yaml, ServerlessKafka.class);
    client.resource(cluster).serverSideApply();
  }

  /** Where the Kubernetes objects of this local cluster are kept between runs (see {@link DevState}). */
  public Path stateFile() {
    return workDir.resolve("state.yaml");
  }

  /** Runs before anything stops, while the API server still answers. */
  public void beforeClose(Runnable action) {
    beforeClose.add(action);
  }

  /** Keeps the user's objects for the next start; used by the dev command on Ctrl-C. */
  public void saveState() {
    DevState.save(client, stateFile());
  }

  /** Stops the operator and starts a new one, as a pod restart would; Kafka and the API server keep running. */
  public void restartOperator() {
    operator.close();
    operator = new ServerlessKafkaOperator(client, operatorConfig.apply(OperatorConfig.defaults().withMetricsPort(metricsPort))).start();
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public LocalStrimzi strimzi() {
    return strimzi;
  }

  public int metricsPort() {
    return operator == null ? -1 : operator.metricsPort();
  }

  public String bootstrapServers() {
    ServerlessKafka k = client.resources(ServerlessKafka.class).inNamespace(DEFAULT_CLUSTER_NAMESPACE).withName(DEFAULT_CLUSTER_NAME).get();
    return k == null || k.getStatus() == null ? null : k.getStatus().getBootstrapServers();
  }

  /** Stops the operator, then Kafka, then the API server: nothing is left running. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Runnable action : beforeClose) {
      try {
        action.run();
      } catch (RuntimeException e) {
        System.err.println("before stopping: " + e.getMessage());
      }
    }
    if (operator != null) {
      operator.close();
    }
    if (strimzi != null) {
      strimzi.close();
    }
    if (client != null) {
      client.close();
    }
    if (apiServer != null) {
      apiServer.close();
    }
  }
}
