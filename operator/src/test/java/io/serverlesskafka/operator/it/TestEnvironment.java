package io.serverlesskafka.operator.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.localkube.CrdInstaller;
import io.serverlesskafka.localkube.Kubectl;
import io.serverlesskafka.localkube.LocalKubeApiServer;
import io.serverlesskafka.operator.ServerlessKafkaOperator;
import io.serverlesskafka.operator.config.OperatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real kube-apiserver, the operator and the fake Strimzi for all integration tests of this
 * module: starting the API server takes seconds, so test classes share it and isolate themselves by
 * namespace.
 */
public final class TestEnvironment {
  private static TestEnvironment instance;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  public final LocalKubeApiServer apiServer;
  public final KubernetesClient client;
  public final ServerlessKafkaOperator operator;

  /** What the operator's client requested so far, as RBAC sees it. */
  public final io.serverlesskafka.operator.rbac.ApiCallRecorder operatorCalls =
      new io.serverlesskafka.operator.rbac.ApiCallRecorder();

  private final KubernetesClient operatorClient;
  public final FakeStrimzi strimzi;
  public final Path kubeconfig;
  public final Kubectl kubectl;

  private TestEnvironment() throws Exception {
    apiServer = new LocalKubeApiServer().start();
    kubeconfig =
        apiServer.writeKubeConfig(Files.createTempDirectory("skafka-it").resolve("kubeconfig"));
    client = apiServer.newClient();
    kubectl = new Kubectl(kubeconfig);
    new CrdInstaller(client).installAll();
    // the operator has its own client, whose requests are recorded to check the chart's RBAC rules
    // against
    operatorClient =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(apiServer.config())
            .withHttpClientBuilderConsumer(
                b -> b.addOrReplaceInterceptor("api-call-recorder", operatorCalls))
            .build();
    operator =
        new ServerlessKafkaOperator(operatorClient, OperatorConfig.defaults().withMetricsPort(0))
            .start();
    strimzi = new FakeStrimzi(client).start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  strimzi.close();
                  operator.close();
                  String out = System.getProperty("operator.calls.out");
                  if (out != null) {
                    try {
                      Files.write(
                          Path.of(out),
                          operatorCalls.calls().stream().map(Object::toString).toList());
                    } catch (java.io.IOException e) {
                      System.err.println("could not write " + out + ": " + e);
                    }
                  }
                  operatorClient.close();
                  client.close();
                  apiServer.close();
                }));
  }

  public static synchronized TestEnvironment get() {
    if (instance == null) {
      try {
        instance = new TestEnvironment();
      } catch (Exception e) {
        throw new IllegalStateException("could not start the test environment", e);
      }
    }
    return instance;
  }

  /** A fresh namespace. */
  public String newNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * A fresh namespace holding a ServerlessKafka {@code shared} (3 to 6 brokers, topics from all
   * namespaces) applied with kubectl, as a platform team would; returns the namespace.
   */
  public String newSharedCluster(String namespacePrefix) {
    String ns = newNamespace(namespacePrefix);
    Kubectl.Result result =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: shared, namespace: %s }
        spec:
          brokers: { min: 3, max: 6 }
          allowedTopics: { namespaces: { from: All } }
        """
                .formatted(ns));
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "kubectl apply of the shared cluster failed: " + result.output());
    }
    return ns;
  }

  /**
   * The operator's count of reconciliations of one ServerlessKafka, from its metrics endpoint (0
   * before the first).
   */
  public double clusterReconciliations(String ns, String name)
      throws java.io.IOException, InterruptedException {
    String body =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://localhost:" + operator.metricsPort() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    String series =
        "serverless_kafka_cluster_reconciliations_total{cluster=\""
            + name
            + "\",namespace=\""
            + ns
            + "\"} ";
    return body.lines()
        .filter(l -> l.startsWith(series))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length()).trim()))
        .findFirst()
        .orElse(0);
  }

  /**
   * "status/reason" of a ServerlessKafka's Ready condition, or null before the operator wrote one.
   */
  public String clusterReadyState(String ns, String name) {
    ServerlessKafka k =
        client.resources(ServerlessKafka.class).inNamespace(ns).withName(name).get();
    if (k == null || k.getStatus() == null || k.getStatus().getConditions() == null) {
      return null;
    }
    return k.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse(null);
  }
}
