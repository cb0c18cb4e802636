package io.serverlesskafka.localkube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real kube-controller-manager beside the local API server, running the controllers that decide
 * what a deletion does on a real cluster: the garbage collector (owner references, background and
 * foreground propagation, orphaning) and the namespace controller (deleting a namespace deletes
 * what is in it, then the namespace). Without them owner references and namespace deletion do
 * nothing locally. It also runs the HPA controller, which scales the HorizontalPodAutoscalers KEDA
 * creates from 1 to N replicas on the external metrics of KEDA's metrics API server ({@link
 * LocalKeda}); with no kubelet here, an HPA on an external metric with an AverageValue target needs
 * no pods: it reads the replica count from the scale subresource.
 *
 * <p>The binary runs under a small shell that waits on its standard input: when the owning JVM
 * dies, even by {@code kill -9}, the pipe closes and the controller manager is stopped, so none is
 * left running against a dead API server. It runs in a session of its own ({@link OwnSession}) so
 * that a terminal's Ctrl-C leaves its stop to the owner.
 */
public final class LocalControllerManager implements AutoCloseable {
  /** kube-controller-manager's names of the controllers started here. */
  public static final List<String> CONTROLLERS =
      List.of(
          "garbage-collector-controller",
          "namespace-controller",
          "horizontal-pod-autoscaler-controller");

  private static final Logger LOG = LoggerFactory.getLogger(LocalControllerManager.class);
  private final Process process;
  private final Path log;

  private LocalControllerManager(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts it against the API server in {@code kubeconfig}; its log goes to {@code log}. */
  public static LocalControllerManager start(Path binary, Path kubeconfig, Path log) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary
              + " not found: run scripts/build-kube-binaries.sh (bin/test and bin/dev do it for you)");
    }
    List<String> command =
        OwnSession.supervised(
            List.of(
                binary.toString(),
                "--kubeconfig=" + kubeconfig,
                "--controllers=" + String.join(",", CONTROLLERS),
                // one controller manager per API server, started and stopped with it
                "--leader-elect=false",
                // nothing scrapes or probes it here: no serving port to allocate
                "--secure-port=0",
                "--v=1"));
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      LOG.info("kube-controller-manager started (controllers {}), log in {}", CONTROLLERS, log);
      return new LocalControllerManager(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /**
   * Waits until the garbage collector has started watching (it then acts on owner references of
   * every type, custom resources included, as they are discovered); fails when the process exits
   * first.
   */
  public LocalControllerManager awaitStarted(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "kube-controller-manager exited with "
                + process.exitValue()
                + "; its log ends:\n"
                + tail());
      }
      if (logContains("Starting namespace controller")
          && logContains("all resource monitors have synced")) {
        return this;
      }
      sleep(200);
    }
    throw new IllegalStateException(
        "kube-controller-manager did not start its controllers within "
            + timeout
            + "; its log ends:\n"
            + tail());
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
