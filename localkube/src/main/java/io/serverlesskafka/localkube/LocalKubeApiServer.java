package io.serverlesskafka.localkube;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real kube-apiserver and etcd on loopback, from the binaries scripts/build-kube-binaries.sh caches in
 * ~/.kubeapitest. Offline mode is set through the builder: kube-api-test's environment switches for it
 * throw in 7.x, and this machine cannot download binaries anyway.
 */
public final class LocalKubeApiServer implements AutoCloseable {
  public static final String DEFAULT_VERSION = "1.36.3";
  private static final Logger LOG = LoggerFactory.getLogger(LocalKubeApiServer.class);

  private final KubeAPIServer server;
  private String kubeConfigYaml;
  private Thread shutdownHook;
  private boolean stopped;

  public LocalKubeApiServer() {
    this(System.getProperty("kube.version", DEFAULT_VERSION));
  }

  public LocalKubeApiServer(String version) {
    Path binaries = binaryDirectory(version);
    if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
      throw new IllegalStateException(
          "kube-apiserver " + version + " not found in " + binaries
              + ": run scripts/build-kube-binaries.sh (bin/test and bin/dev do it for you)");
    }
    this.server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withApiServerVersion(version)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
  }

  public static Path binaryDirectory(String version) {
    return Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s", version + "-linux-amd64");
  }

  public LocalKubeApiServer start() {
    return start(true);
  }

  /**
   * Starts etcd and kube-apiserver. With {@code stopOnJvmExit}, a JVM ended by a signal stops them too; an
   * owner that orders its own shutdown (the local cluster saves state through the API server first) passes
   * false and closes this server itself.
   */
  public LocalKubeApiServer start(boolean stopOnJvmExit) {
    long started = System.nanoTime();
    server.start();
    if (stopOnJvmExit) {
      shutdownHook = new Thread(this::close, "kube-apiserver-stop");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    kubeConfigYaml = server.getKubeConfigYaml();
    LOG.info("kube-apiserver ready in {} ms", (System.nanoTime() - started) / 1_000_000);
    return this;
  }

  public String kubeConfigYaml() {
    return kubeConfigYaml;
  }

  /** Writes the kubeconfig so kubectl and other processes can reach this API server. */
  public Path writeKubeConfig(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, kubeConfigYaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Config config() {
    return Config.fromKubeconfig(kubeConfigYaml);
  }

  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    server.stop();
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException jvmExiting) {
        // the hooks are running already
      }
    }
  }
}
