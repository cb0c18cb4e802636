package io.serverlesskafka.localkube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEDA's real operator beside the local API server, built by scripts/build-keda.sh: it reads
 * consumer lag from the brokers with the credentials of the operator's TriggerAuthentications and
 * scales Deployments between zero and one replica through their scale subresource (more than one
 * needs the HPA controller and KEDA's metrics API server; see docs/development.md). All of KEDA's
 * CRDs are installed first; its gRPC metrics service gets a self-signed certificate in a directory
 * of its own, since no certificate rotation (a Secret, Services) runs here.
 *
 * <p>Like {@link LocalControllerManager}, it runs under a shell that waits on its standard input,
 * so it stops when the owning JVM dies, and in a session of its own so that Ctrl-C leaves its stop
 * to the owner.
 */
public final class LocalKeda implements AutoCloseable {
  public static final String VERSION = "2.18.0";

  /** Where scripts/build-keda.sh puts the binaries and CRDs (KEDA_DIR overrides). */
  public static final Path HOME =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "KEDA_DIR",
                  System.getProperty("user.home")
                      + "/.kubeapitest/keda/v"
                      + VERSION
                      + "-linux-amd64"));

  /**
   * The namespace KEDA treats as its own (cluster-scoped trigger authentications, events about
   * itself).
   */
  public static final String NAMESPACE = "keda";

  private static final Logger LOG = LoggerFactory.getLogger(LocalKeda.class);
  private static final String SUPERVISOR =
      """
      "$0" "$@" &
      child=$!
      trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT
      cat >/dev/null
      kill $child 2>/dev/null
      wait $child
      """;

  private final Process process;
  private final Path log;

  private LocalKeda(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** True when scripts/build-keda.sh has built KEDA's operator. */
  public static boolean built() {
    return Files.isExecutable(HOME.resolve("keda-operator"))
        && Files.isRegularFile(HOME.resolve("crds/.complete"));
  }

  /**
   * Installs KEDA's CRDs and starts its operator against the API server in {@code kubeconfig}; its
   * log and certificate go under {@code workDir}.
   */
  public static LocalKeda start(KubernetesClient client, Path kubeconfig, Path workDir) {
    if (!built()) {
      throw new IllegalStateException(
          "KEDA's operator not found in "
              + HOME
              + ": run scripts/build-keda.sh (bin/test does it for you)");
    }
    try (Stream<Path> files = Files.list(HOME.resolve("crds"))) {
      new CrdInstaller(client)
          .installFiles(files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    Path certDir = workDir.resolve("keda-certs");
    Path log = workDir.resolve("keda.log");
    try {
      List<String> command = new ArrayList<>(OwnSession.commandPrefix());
      command.addAll(
          List.of(
              "/bin/sh",
              "-c",
              SUPERVISOR,
              HOME.resolve("keda-operator").toString(),
              "--leader-elect=false",
              // nothing scrapes or probes it here: no port to allocate for them
              "--metrics-bind-address=0",
              "--health-probe-bind-address=0",
              // the gRPC service the metrics API server reads from; loopback only, on a free port
              "--metrics-service-bind-address=127.0.0.1:" + freePort(),
              "--cert-dir=" + certDir,
              "--enable-cert-rotation=false",
              "--ca-dir=" + certDir,
              "--zap-log-level=info"));
      writeSelfSignedCertificate(certDir);
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      builder.environment().put("WATCH_NAMESPACE", "");
      builder.environment().put("POD_NAMESPACE", NAMESPACE);
      builder.environment().put("KEDA_CLUSTER_OBJECT_NAMESPACE", NAMESPACE);
      Process process = builder.start();
      LOG.info("KEDA {} operator started, log in {}", VERSION, log);
      return new LocalKeda(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start KEDA's operator", e);
    }
  }

  private static void writeSelfSignedCertificate(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (Files.exists(dir.resolve("tls.crt"))) {
      return;
    }
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "3650",
                "-subj",
                "/CN=keda-operator",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                dir.resolve("tls.key").toString(),
                "-out",
                dir.resolve("tls.crt").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(openssl.getInputStream().readAllBytes());
    try {
      if (openssl.waitFor() != 0) {
        throw new IllegalStateException("openssl could not make KEDA's certificate: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    // self-signed: the certificate is its own CA
    Files.copy(dir.resolve("tls.crt"), dir.resolve("ca.crt"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Waits until its ScaledObject controller runs; fails when the process exits first. */
  public LocalKeda awaitStarted(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "KEDA's operator exited with " + process.exitValue() + "; its log ends:\n" + tail());
      }
      if (logContains("Starting workers") && logContains("scaledobject")) {
        return this;
      }
      sleep(200);
    }
    throw new IllegalStateException(
        "KEDA's operator did not start within " + timeout + "; its log ends:\n" + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(" + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  private boolean logContains(String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops it through its supervisor's input; forcibly when that does not end it within 10 s. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
