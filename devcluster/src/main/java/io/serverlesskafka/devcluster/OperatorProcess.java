package io.serverlesskafka.devcluster;

import io.serverlesskafka.devcluster.kafka.KafkaClasspath;
import io.serverlesskafka.localkube.OwnSession;
import io.serverlesskafka.operator.OperatorMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as its own process against the local cluster, as the Helm chart's pod runs it
 * ({@link OperatorMain}, configured by the same environment variables), so that it can be killed
 * with {@code kill -9} while brokers and the API server live on, run twice for leader election, and
 * measured alone. It stops by itself when the JVM that started it dies (see {@link Main}).
 */
public final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int metricsPort;

  private OperatorProcess(Process process, Path log, int metricsPort) {
    this.process = process;
    this.log = log;
    this.metricsPort = metricsPort;
  }

  /**
   * Starts one operator process.
   *
   * @param env the operator's environment (WATCH_NAMESPACES, METRICS_PORT, LEADER_ELECTION_ENABLED,
   *     ...), added to KUBECONFIG
   */
  public static OperatorProcess start(
      Path kubeconfig, Map<String, String> env, Path log, List<String> jvmOptions) {
    List<String> command = new ArrayList<>(OwnSession.commandPrefix());
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add(Main.class.getName());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> environment = builder.environment();
    environment.remove("JAVA_TOOL_OPTIONS");
    environment.put("CLASSPATH", KafkaClasspath.resolve());
    environment.put("KUBECONFIG", kubeconfig.toString());
    environment.putAll(env);
    // a free port picked here rather than by the process, so that the caller knows where /metrics
    // is
    int port = Integer.parseInt(environment.getOrDefault("METRICS_PORT", "-1").trim());
    if (port == 0) {
      port = freePort();
      environment.put("METRICS_PORT", String.valueOf(port));
    }
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      return new OperatorProcess(builder.start(), log, port);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the operator process", e);
    }
  }

  /**
   * The default environment of a local operator process: metrics on a free port, all namespaces.
   */
  public static Map<String, String> environment(int metricsPort, boolean leaderElection) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("METRICS_PORT", String.valueOf(metricsPort));
    env.put("LEADER_ELECTION_ENABLED", String.valueOf(leaderElection));
    env.put("POD_NAMESPACE", "default");
    return env;
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Port of the process's /metrics, or -1 when it has none. */
  public int metricsPort() {
    return metricsPort;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /**
   * {@code kill -9}: no shutdown hook runs, the Lease is not given up, a reassignment is cut where
   * it is.
   */
  public void kill() {
    process.destroyForcibly();
    waitFor(30);
  }

  /** SIGTERM, as Kubernetes stops a pod: the operator gives up its Lease and closes its clients. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitFor(30)) {
      process.destroyForcibly();
      waitFor(10);
    }
  }

  private boolean waitFor(int seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The process's main: {@link OperatorMain} plus a watch on standard input, which is a pipe from
   * the starting JVM; when that JVM is gone (a test killed, {@code bin/dev} killed with -9) the
   * pipe closes and the operator exits instead of running on against a dead API server.
   */
  public static final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
      Thread watch =
          new Thread(
              () -> {
                try (InputStream in = System.in) {
                  while (in.read() >= 0) {
                    // nothing is sent; only the end matters
                  }
                } catch (IOException ignored) {
                  // closed: the same as the end
                }
                System.exit(0);
              },
              "parent-watch");
      watch.setDaemon(true);
      watch.start();
      OperatorMain.main(args);
    }
  }
}
