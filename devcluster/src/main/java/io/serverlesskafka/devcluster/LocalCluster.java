package io.serverlesskafka.devcluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.devcluster.strimzi.LocalStrimzi;
import io.serverlesskafka.localkube.CrdInstaller;
import io.serverlesskafka.localkube.LocalKeda;
import io.serverlesskafka.localkube.LocalKubeApiServer;
import io.serverlesskafka.operator.ServerlessKafkaOperator;
import io.serverlesskafka.operator.config.OperatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The whole product on one machine: a real kube-apiserver, our CRDs and Strimzi's, the local
 * Strimzi stand-in with real Kafka brokers, the operator, and a default ServerlessKafka. Used by
 * the dev command and by the end-to-end suite. The operator runs inside this JVM, as its own
 * process ({@link OperatorProcess}, to be killed and run twice), or not at all (the user starts
 * {@code bin/operator}): see {@link OperatorMode}.
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
  private LocalKeda keda;
  private boolean withKeda;
  private io.serverlesskafka.devcluster.apps.LocalGateways gateways;
  private ServerlessKafkaOperator operator;
  private final List<OperatorProcess> operatorProcesses = new CopyOnWriteArrayList<>();
  private Path kubeconfig;
  private volatile boolean closed;
  private final List<Runnable> beforeClose = new CopyOnWriteArrayList<>();
  private UnaryOperator<OperatorConfig> operatorConfig = UnaryOperator.identity();
  private OperatorMode operatorMode = OperatorMode.IN_PROCESS;
  private Runnable whenApiServerLost = () -> {};
  private DevState state;

  /**
   * Set once the saved objects were all applied (or found not restorable): only then may a save
   * replace the file.
   */
  private volatile boolean restoreFinished;

  /** Where the operator runs. */
  public enum OperatorMode {
    /** In this JVM: the quickest start; tests that need no operator restarts. */
    IN_PROCESS,
    /**
     * As a child process ({@link OperatorProcess}), killable and restartable while the brokers
     * live.
     */
    PROCESS,
    /** Not at all: the user runs {@code bin/operator} (or two of them) against the kubeconfig. */
    NONE
  }

  public LocalCluster(Path workDir, int metricsPort, Consumer<String> progress) {
    this.workDir = workDir;
    this.metricsPort = metricsPort;
    this.progress = progress;
  }

  /**
   * Adjusts the operator's settings (e.g. a short usage metering interval in tests); call before
   * start.
   */
  public LocalCluster withOperatorConfig(UnaryOperator<OperatorConfig> tweak) {
    this.operatorConfig = tweak;
    return this;
  }

  /** Where the operator runs (default: in this JVM); call before start. */
  public LocalCluster withOperatorMode(OperatorMode mode) {
    this.operatorMode = mode;
    return this;
  }

  /**
   * Runs KEDA's real operator beside the API server (built by scripts/build-keda.sh; the start
   * fails when it is not), so that ScaledObjects scale consumer Deployments; call before start.
   */
  public LocalCluster withKeda(boolean on) {
    this.withKeda = on;
    return this;
  }

  /**
   * What to do when etcd or kube-apiserver exits while the cluster runs (see the dev command); call
   * before start.
   */
  public LocalCluster whenApiServerLost(Runnable action) {
    this.whenApiServerLost = action;
    return this;
  }

  public LocalCluster start(int brokers, Duration readyTimeout) {
    progress.accept("starting kube-apiserver, etcd and kube-controller-manager");
    // One shutdown hook for the whole local cluster, so that the order below holds when the JVM is
    // signalled.
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "local-cluster-stop"));
    try {
      apiServer =
          new LocalKubeApiServer().whenStoppedUnexpectedly(this::apiServerLost).start(false);
      kubeconfig = apiServer.writeKubeConfig(workDir.resolve("kubeconfig"));
      client = apiServer.newClient();
      state = new DevState(client, stateFile());
      progress.accept("installing CRDs (ServerlessKafka, ServerlessTopic, Strimzi, KEDA)");
      new CrdInstaller(client).installAll();
      // KEDA's CRDs; KEDA itself only withKeda: without it ScaledObjects are written and can be
      // inspected, but
      // nothing scales Deployments.
      new CrdInstaller(client).installKeda();
      if (withKeda) {
        progress.accept(
            LocalKeda.adapterBuilt()
                ? "starting KEDA "
                    + LocalKeda.VERSION
                    + " and its metrics API server (logs in "
                    + workDir.resolve("keda.log")
                    + ", "
                    + workDir.resolve("keda-adapter.log")
                    + ")"
                : "starting KEDA "
                    + LocalKeda.VERSION
                    + " (log in "
                    + workDir.resolve("keda.log")
                    + "; its metrics API server is not built: 0 <-> 1 replicas only)");
        keda = LocalKeda.start(client, kubeconfig, workDir).awaitStarted(Duration.ofMinutes(2));
      }
      DevState.Restored base = state.restoreBase();
      progress.accept(
          "starting the local Strimzi stand-in (Kafka data in " + workDir.resolve("kafka") + ")");
      strimzi = new LocalStrimzi(client, workDir.resolve("kafka")).start();
      // The HTTP gateway Deployments (spec.rest) run as local processes; their URL is announced on
      // their Service.
      gateways =
          new io.serverlesskafka.devcluster.apps.LocalGateways(client, workDir.resolve("gateways"))
              .start();
      progress.accept(
          switch (operatorMode) {
            case IN_PROCESS -> "starting the operator";
            case PROCESS ->
                "starting the operator as its own process (log in "
                    + workDir.resolve("operator.log")
                    + ")";
            case NONE ->
                "not starting the operator: run bin/operator with KUBECONFIG=" + kubeconfig;
          });
      startOperator();
      progress.accept(
          "applying ServerlessKafka "
              + DEFAULT_CLUSTER_NAMESPACE
              + "/"
              + DEFAULT_CLUSTER_NAME
              + " ("
              + brokers
              + " brokers)");
      applyDefaultCluster(brokers);
      DevState.Restored resources = state.restoreResources();
      restoreFinished = true;
      int restored = base.count() + resources.count();
      List<String> failures = new java.util.ArrayList<>(base.failures());
      failures.addAll(resources.failures());
      progress.accept(
          restored == 0 && failures.isEmpty()
              ? "nothing to restore from an earlier run"
              : "restored the last run's namespaces, clusters, topics and credentials ("
                  + restored
                  + " objects"
                  + (failures.isEmpty()
                      ? ")"
                      : "; "
                          + failures.size()
                          + " could not be restored and stay in "
                          + stateFile()
                          + " for the next start:\n      "
                          + String.join("\n      ", failures)
                          + ")"));
      if (operatorMode == OperatorMode.NONE) {
        progress.accept("the Kafka brokers start when the operator runs");
        return this;
      }
      progress.accept("waiting for " + brokers + " Kafka brokers to start (KRaft, SCRAM-SHA-512)");
      client
          .resources(ServerlessKafka.class)
          .inNamespace(DEFAULT_CLUSTER_NAMESPACE)
          .withName(DEFAULT_CLUSTER_NAME)
          .waitUntilCondition(
              k ->
                  k != null
                      && k.getStatus() != null
                      && k.getStatus().getConditions().stream()
                          .anyMatch(
                              c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())),
              readyTimeout.toSeconds(),
              TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      close(); // a start that fails leaves no API server or broker behind
      throw e;
    }
    return this;
  }

  private void startOperator() {
    switch (operatorMode) {
      case IN_PROCESS ->
          operator =
              new ServerlessKafkaOperator(
                      client,
                      operatorConfig.apply(OperatorConfig.defaults().withMetricsPort(metricsPort)))
                  .start();
      case PROCESS -> startOperatorProcess(OperatorProcess.environment(metricsPort, false));
      case NONE -> {}
    }
  }

  /**
   * Starts one more operator process with this environment (e.g. leader election on for two of
   * them); its log is {@code operator.log} (then {@code operator-2.log}, ...) in the work
   * directory. Stopped with the cluster.
   */
  public OperatorProcess startOperatorProcess(Map<String, String> env) {
    int n = operatorProcesses.size() + 1;
    Path log = workDir.resolve(n == 1 ? "operator.log" : "operator-" + n + ".log");
    OperatorProcess process =
        OperatorProcess.start(
            kubeconfig,
            env,
            log,
            List.of(
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED"));
    operatorProcesses.add(process);
    return process;
  }

  /**
   * The operator processes started so far (in {@link OperatorMode#PROCESS} mode), dead ones
   * included.
   */
  public List<OperatorProcess> operatorProcesses() {
    return List.copyOf(operatorProcesses);
  }

  private void apiServerLost() {
    if (!closed) { // once stopping, the API server going is expected
      whenApiServerLost.run();
    }
  }

  private void applyDefaultCluster(int brokers) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(DEFAULT_CLUSTER_NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();
    String yaml =
        """
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
          # the HTTP gateway (docs/gateway.md): a local process here, its URL in every topic Secret as rest.url
          rest: { enabled: true }
        """
            .formatted(
                DEFAULT_CLUSTER_NAME,
                DEFAULT_CLUSTER_NAMESPACE,
                ApiGroup.ANNOTATION_DEFAULT_CLUSTER,
                brokers,
                Math.max(brokers, 6));
    ServerlessKafka cluster =
        client.getKubernetesSerialization().unmarshal(yaml, ServerlessKafka.class);
    client.resource(cluster).serverSideApply();
  }

  /**
   * Where the Kubernetes objects of this local cluster are kept between runs (see {@link
   * DevState}).
   */
  public Path stateFile() {
    return workDir.resolve("state.yaml");
  }

  /** Runs before anything stops, while the API server still answers. */
  public void beforeClose(Runnable action) {
    beforeClose.add(action);
  }

  /**
   * Keeps the user's objects for the next start; used by the dev command on Ctrl-C. Returns false,
   * and leaves the file as it was, when this start did not get as far as restoring the last one's
   * objects: its view is partial.
   */
  public boolean saveState() {
    if (!restoreFinished || state == null) {
      return false;
    }
    state.save();
    return true;
  }

  /**
   * Stops the operator and starts a new one, as a pod restart would; Kafka and the API server keep
   * running.
   */
  public void restartOperator() {
    if (operator != null) {
      operator.close();
    }
    operatorProcesses.forEach(OperatorProcess::close);
    operatorProcesses.clear();
    startOperator();
  }

  /** The local API server, e.g. to restart it in an outage test. */
  public LocalKubeApiServer apiServer() {
    return apiServer;
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

  /** KEDA's operator, when started ({@link #withKeda}); null otherwise. */
  public LocalKeda keda() {
    return keda;
  }

  /**
   * Port of the running operator's /metrics (the first live process in {@link
   * OperatorMode#PROCESS}), or -1.
   */
  public int metricsPort() {
    if (operator != null) {
      return operator.metricsPort();
    }
    return operatorProcesses.stream()
        .filter(OperatorProcess::isAlive)
        .mapToInt(OperatorProcess::metricsPort)
        .findFirst()
        .orElse(-1);
  }

  /** The default cluster's HTTP gateway URL (status.restUrl), or null while it has none. */
  public String restUrl() {
    ServerlessKafka k =
        client
            .resources(ServerlessKafka.class)
            .inNamespace(DEFAULT_CLUSTER_NAMESPACE)
            .withName(DEFAULT_CLUSTER_NAME)
            .get();
    return k == null || k.getStatus() == null ? null : k.getStatus().getRestUrl();
  }

  /**
   * Waits up to {@code timeout} for the default cluster's gateway to run here: the URL the local
   * stand-in announced on its Service has reached the cluster's status (before that, the status
   * holds the in-cluster DNS name, which does not resolve on this machine). Null if it did not come
   * in time.
   */
  public String awaitRestUrl(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      io.fabric8.kubernetes.api.model.Service service =
          client
              .services()
              .inNamespace(DEFAULT_CLUSTER_NAMESPACE)
              .withName(io.serverlesskafka.operator.model.GatewayModel.name(DEFAULT_CLUSTER_NAME))
              .get();
      String url = restUrl();
      if (service != null
          && url != null
          && url.equals(io.serverlesskafka.operator.model.GatewayModel.url(service))
          && service.getMetadata().getAnnotations() != null
          && service
              .getMetadata()
              .getAnnotations()
              .containsKey(io.serverlesskafka.operator.model.GatewayModel.ANNOTATION_URL)) {
        return url;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  public String bootstrapServers() {
    ServerlessKafka k =
        client
            .resources(ServerlessKafka.class)
            .inNamespace(DEFAULT_CLUSTER_NAMESPACE)
            .withName(DEFAULT_CLUSTER_NAME)
            .get();
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
    operatorProcesses.forEach(OperatorProcess::close);
    if (gateways != null) {
      gateways.close();
    }
    if (keda != null) {
      keda.close();
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
