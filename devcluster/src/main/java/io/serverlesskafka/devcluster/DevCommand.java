package io.serverlesskafka.devcluster;

import io.serverlesskafka.localkube.LocalKeda;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/dev}: the local serverless Kafka, up until Ctrl-C. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description =
        "Runs a local serverless Kafka: kube-apiserver, the operator and real Kafka brokers.",
    subcommands = {ProduceCommand.class, ConsumeCommand.class})
public final class DevCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      description = "Working directory: kubeconfig and Kafka data (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of(".dev");

  @Option(
      names = "--brokers",
      description = "Brokers of the default cluster kafka/shared (default: ${DEFAULT-VALUE}).")
  int brokers = 3;

  @Option(
      names = "--metrics-port",
      description = "Port of the operator's /metrics (default: ${DEFAULT-VALUE}).")
  int metricsPort = 8080;

  @Option(names = "--fresh", description = "Delete the Kafka data of earlier runs first.")
  boolean fresh;

  @Option(
      names = "--no-operator",
      description =
          "Start everything except the operator; run it yourself with bin/operator "
              + "(twice, with LEADER_ELECTION_ENABLED=true, to try leader election).")
  boolean noOperator;

  @Option(
      names = "--no-keda",
      description =
          "Do not start KEDA even when scripts/build-keda.sh has built it (ScaledObjects are "
              + "then written but nothing scales consumer Deployments).")
  boolean noKeda;

  @Option(
      names = "--exit-when-ready",
      hidden = true,
      description = "Stop once ready (for benchmarks and smoke tests).")
  boolean exitWhenReady;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DevCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (brokers < 1 || brokers > 6) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--brokers must be between 1 and 6 on one machine");
    }
    Path work = dir.toAbsolutePath();
    if (fresh) {
      deleteRecursively(work.resolve("kafka"));
      Files.deleteIfExists(work.resolve("state.yaml"));
    }
    Files.createDirectories(work);
    stopOnCtrlC();
    long started = System.nanoTime();
    int[] step = {0};
    boolean keda = !noKeda && LocalKeda.built();
    int steps = keda ? 9 : 8;
    LocalCluster cluster =
        new LocalCluster(
                work, metricsPort, s -> System.out.printf("[%d/%d] %s%n", ++step[0], steps, s))
            .withOperatorMode(
                noOperator ? LocalCluster.OperatorMode.NONE : LocalCluster.OperatorMode.IN_PROCESS)
            .withKeda(keda);
    // kill -9 (or a crash, or the machine going down) runs no shutdown hook: keep the state file
    // current while running too, so that such a stop loses at most the last few seconds.
    ScheduledExecutorService saver =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dev-state-saver");
              t.setDaemon(true);
              return t;
            });
    cluster.beforeClose(
        () -> {
          saver.shutdownNow();
          try {
            saver.awaitTermination(5, TimeUnit.SECONDS); // the final save below is the last one
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          System.out.println("\nstopping: operator, Kafka brokers, kube-apiserver...");
          if (cluster.saveState()) {
            System.out.println(
                "your namespaces, clusters, topics and credentials are kept in "
                    + cluster.stateFile()
                    + "; Kafka data in "
                    + work.resolve("kafka")
                    + " (use --fresh to start empty)");
          } else if (java.nio.file.Files.exists(cluster.stateFile())) {
            System.out.println(
                "this start stopped before it had restored your objects: "
                    + cluster.stateFile()
                    + " is left as it was, for the next start");
          }
        });
    // Without its API server nothing works any more: say so and stop the brokers rather than hang.
    cluster.whenApiServerLost(
        () -> {
          System.err.println(
              "\nkube-apiserver or etcd exited unexpectedly (see the log above): stopping the local cluster");
          exitInBackground(1);
        });
    cluster.start(brokers, Duration.ofMinutes(5));
    saver.scheduleWithFixedDelay(() -> saveQuietly(cluster), 10, 10, TimeUnit.SECONDS);
    String restUrl = noOperator ? null : cluster.awaitRestUrl(Duration.ofSeconds(60));
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("[%d/%d] ready in %.1f s%n%n", steps, steps, seconds);
    if (!keda) {
      System.out.println(
          noKeda
              ? "KEDA not started (--no-keda): consumer Deployments are not scaled"
              : "KEDA not built: consumer Deployments are not scaled (scripts/build-keda.sh builds it, once, in a few minutes)");
    }
    System.out.println(
        noOperator ? nextStepsWithoutOperator(cluster) : nextSteps(cluster, restUrl));
    if (exitWhenReady) {
      System.exit(0);
    }
    Thread.currentThread()
        .join(); // until Ctrl-C: the local cluster's shutdown hook stops everything in order
    return 0;
  }

  /**
   * Ctrl-C and kill -INT run the ordered stop through the shutdown hook. The JVM installs no
   * handler for a SIGINT it inherited as ignored (a script's {@code bin/dev &}): bin/dev resets it
   * to the default first ({@code env --default-signal=INT}), which this handler then replaces.
   */
  private static void stopOnCtrlC() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> exitInBackground(130));
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      // the JVM's own handler stays in place
    }
  }

  private static void saveQuietly(LocalCluster cluster) {
    try {
      cluster.saveState();
    } catch (RuntimeException e) {
      // the API server may be stopping or busy: the next save, or the one at Ctrl-C, catches up
    }
  }

  /**
   * Exits off the calling thread (a signal or process watcher), which the shutdown hook must not
   * wait for.
   */
  private static void exitInBackground(int status) {
    new Thread(() -> System.exit(status), "dev-exit").start();
  }

  private static String nextSteps(LocalCluster cluster, String restUrl) {
    return """
        Local serverless Kafka is running.
          kubeconfig:   %s
          bootstrap:    %s  (SCRAM-SHA-512 over TLS by default; settings and CA in each topic's Secret)
          rest:         %s  (HTTP gateway, Upstash's API; user and password from each topic's Secret)
          metrics:      http://localhost:%d/metrics
          cluster:      ServerlessKafka kafka/shared (the default for topics without spec.cluster)

        Next steps, in another terminal:
          export KUBECONFIG=%s
          kubectl apply -f examples/orders.yaml
          kubectl wait --for=condition=Ready serverlesstopic/orders -n team-a
          kubectl get secret orders-kafka -n team-a -o jsonpath='{.data.client\\.properties}' | base64 -d
          seq 1 10 | bin/dev produce -n team-a orders
          bin/dev consume -n team-a orders --count 10
          secret() { kubectl get secret orders-kafka -n team-a -o jsonpath="{.data.$1}" | base64 -d; }
          curl -u "$(secret username):$(secret password)" "$(secret 'rest\\.url')/produce/$(secret topic)/hello"

        Ctrl-C stops everything.
        """
        .formatted(
            cluster.kubeconfig(),
            cluster.bootstrapServers(),
            restUrl == null ? "not running (see the log above)" : restUrl,
            cluster.metricsPort(),
            cluster.kubeconfig());
  }

  private static String nextStepsWithoutOperator(LocalCluster cluster) {
    return """
        Local serverless Kafka is running, without the operator.
          kubeconfig:   %s
          cluster:      ServerlessKafka kafka/shared (brokers start once an operator reconciles it)

        Next steps, in other terminals:
          bin/operator                                                  # the operator as its own process
          LEADER_ELECTION_ENABLED=true METRICS_PORT=8081 bin/operator   # run two (both with leader election) to try failover
          export KUBECONFIG=%s
          kubectl get skafka -A -w

        Ctrl-C stops everything but the operator processes you started.
        """
        .formatted(cluster.kubeconfig(), cluster.kubeconfig());
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
