package io.serverlesskafka.operator.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.localkube.CrdInstaller;
import io.serverlesskafka.localkube.LocalKubeApiServer;
import io.serverlesskafka.operator.ServerlessKafkaOperator;
import io.serverlesskafka.operator.config.OperatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real kube-apiserver, the operator and the fake Strimzi for all integration tests of this module:
 * starting the API server takes seconds, so test classes share it and isolate themselves by namespace.
 */
public final class TestEnvironment {
  private static TestEnvironment instance;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  public final LocalKubeApiServer apiServer;
  public final KubernetesClient client;
  public final ServerlessKafkaOperator operator;
  public final FakeStrimzi strimzi;
  public final Path kubeconfig;

  private TestEnvironment() throws Exception {
    apiServer = new LocalKubeApiServer().start();
    kubeconfig = apiServer.writeKubeConfig(Files.createTempDirectory("skafka-it").resolve("kubeconfig"));
    client = apiServer.newClient();
    new CrdInstaller(client).installAll();
    operator = new ServerlessKafkaOperator(client, OperatorConfig.defaults().withMetricsPort(0)).start();
    strimzi = new FakeStrimzi(client).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      strimzi.close();
      operator.close();
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

  /** A fresh namespace; there is no namespace controller here, so namespaces are never deleted. */
  public String newNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    return name;
  }
}
