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
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real kube-apiserver and etcd on loopback, with a kube-controller-manager running the garbage
 * collector, the namespace controller and the HPA controller ({@link LocalControllerManager}), and
 * the aggregation layer configured ({@link FrontProxyCertificates}), from the binaries
 * scripts/build-kube-binaries.sh caches in ~/.kubeapitest. Offline mode is set through the builder:
 * kube-api-test's environment switches for it throw in 7.x, and this machine cannot download
 * binaries anyway.
 */
public final class LocalKubeApiServer implements AutoCloseable {
  public static final String DEFAULT_VERSION = "1.36.3";
  private static final Logger LOG = LoggerFactory.getLogger(LocalKubeApiServer.class);

  private final KubeAPIServer server;
  private final Path binaries;
  private boolean withControllerManager = true;
  private LocalControllerManager controllerManager;
  private Path workDir;
  private String kubeConfigYaml;
  private Thread shutdownHook;
  private boolean stopped;
  private final List<Runnable> unexpectedStopListeners = new CopyOnWriteArrayList<>();

  /**
   * Processes killed on purpose by {@link #restartControlPlane}: their exit is no unexpected stop.
   */
  private final java.util.Set<Long> killedOnPurpose =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** etcd and kube-apiserver as started again by {@link #restartControlPlane}, newest last. */
  private final List<Process> restarted = new CopyOnWriteArrayList<>();

  public LocalKubeApiServer() {
    this(System.getProperty("kube.version", DEFAULT_VERSION));
  }

  public LocalKubeApiServer(String version) {
    this.binaries = binaryDirectory(version);
    if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
      throw new IllegalStateException(
          "kube-apiserver "
              + version
              + " not found in "
              + binaries
              + ": run scripts/build-kube-binaries.sh (bin/test and bin/dev do it for you)");
    }
    KubeAPIServerConfigBuilder config =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withOfflineMode(true)
            .withApiServerVersion(version)
            .withTestDir(inOwnSession(binaries, version).toString())
            .withUpdateKubeConfig(false)
            .withStartupTimeout(120_000);
    // the aggregation layer: APIServices backed by a Service (KEDA's external metrics) are served
    List<String> aggregation =
        FrontProxyCertificates.in(
                Path.of(System.getProperty("user.home"), ".kubeapitest", "front-proxy"))
            .apiServerFlags();
    for (int i = 0; i < aggregation.size(); i += 2) {
      config.withApiServerFlag(aggregation.get(i), aggregation.get(i + 1));
    }
    this.server =
        new KubeAPIServer(config.build()) {
          @Override
          public void processStopped(Process process) {
            if (killedOnPurpose.contains(process.pid())) {
              return;
            }
            // both processes may go: stop the other one and tell the owner once
            if (stopOnce(() -> super.processStopped(process))) {
              LOG.error(
                  "{} exited unexpectedly (exit code {})",
                  process.info().command().orElse("etcd or kube-apiserver"),
                  process.exitValue());
              if (controllerManager != null) {
                controllerManager.close();
              }
              unexpectedStopListeners.forEach(Runnable::run);
            }
          }
        };
  }

  /**
   * Runs when etcd or kube-apiserver exits without being stopped (killed, crashed): the owner
   * decides whether to go on without an API server. Called on kube-api-test's process watcher
   * thread.
   */
  public LocalKubeApiServer whenStoppedUnexpectedly(Runnable listener) {
    unexpectedStopListeners.add(listener);
    return this;
  }

  /**
   * Leaves the controller manager out: owner references and namespace deletion then do nothing, as
   * in a bare API server. For tests that must not have objects collected under them; call before
   * start.
   */
  public LocalKubeApiServer withoutControllerManager() {
    this.withControllerManager = false;
    return this;
  }

  /**
   * The controller manager, or null when started {@link #withoutControllerManager() without} one.
   */
  public LocalControllerManager controllerManager() {
    return controllerManager;
  }

  /**
   * A kube-api-test directory whose etcd and kube-apiserver start the cached binaries {@link
   * OwnSession#supervised supervised} in their own session: a terminal's Ctrl-C leaves their stop
   * to the owner, and they stop when the owning JVM dies without a shutdown hook ({@code kill -9}).
   */
  private static Path inOwnSession(Path binaries, String version) {
    Path testDir = Path.of(System.getProperty("user.home"), ".kubeapitest", "own-session");
    Path dir = testDir.resolve("k8s").resolve(version + "-linux-amd64");
    String prefix =
        OwnSession.commandPrefix().stream().map(p -> p + " ").reduce("", String::concat);
    try {
      Files.createDirectories(dir);
      for (String binary : List.of("etcd", "kube-apiserver", "kubectl")) {
        String script =
            "#!/bin/sh\n"
                + (binary.equals("kubectl")
                    ? "exec " + prefix + "'" + binaries.resolve(binary) + "' \"$@\""
                    : OwnSession.supervisedExecLine(binaries.resolve(binary)))
                + "\n";
        Path target = dir.resolve(binary);
        if (Files.exists(target) && Files.readString(target).equals(script)) {
          continue;
        }
        // written aside and moved, so that a test JVM starting at the same time never runs half a
        // script
        Path temp = Files.createTempFile(dir, binary, ".tmp");
        Files.writeString(temp, script);
        temp.toFile().setExecutable(true);
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return testDir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not write the start scripts of etcd and kube-apiserver in " + dir, e);
    }
  }

  public static Path binaryDirectory(String version) {
    return Path.of(
        System.getProperty("user.home"), ".kubeapitest", "k8s", version + "-linux-amd64");
  }

  public LocalKubeApiServer start() {
    return start(true);
  }

  /**
   * Starts etcd and kube-apiserver. With {@code stopOnJvmExit}, a JVM ended by a signal stops them
   * too; an owner that orders its own shutdown (the local cluster saves state through the API
   * server first) passes false and closes this server itself.
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
    if (withControllerManager) {
      try {
        workDir = Files.createTempDirectory("localkube-");
        controllerManager =
            LocalControllerManager.start(
                    binaries.resolve("kube-controller-manager"),
                    writeKubeConfig(workDir.resolve("kubeconfig")),
                    workDir.resolve("kube-controller-manager.log"))
                .awaitStarted(java.time.Duration.ofSeconds(60));
      } catch (IOException e) {
        close();
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }
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

  private void deleteWorkDir() {
    if (workDir == null) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.walk(workDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}", workDir, e);
    }
  }

  /**
   * Kills kube-apiserver and etcd with -9, waits {@code downtime}, and starts both again with the
   * same command lines (ports, certificates, etcd data), as a control-plane node reboot would;
   * returns once the API server answers. Clients keep working afterwards: the address and the
   * certificates are unchanged.
   */
  public synchronized void restartControlPlane(java.time.Duration downtime) {
    int port = java.net.URI.create(config().getMasterUrl()).getPort();
    // the processes of an earlier restart are ours, not kube-api-test's: find them the same way
    ControlPlaneProcesses.Running apiServer = ControlPlaneProcesses.apiServer(port);
    ControlPlaneProcesses.Running etcd = ControlPlaneProcesses.etcdOf(apiServer);
    // the supervising shell kube-api-test (or an earlier restart) holds exits with each
    for (ControlPlaneProcesses.Running r : List.of(apiServer, etcd)) {
      killedOnPurpose.add(r.handle().pid());
      r.handle().parent().ifPresent(p -> killedOnPurpose.add(p.pid()));
    }
    ControlPlaneProcesses.kill(apiServer);
    ControlPlaneProcesses.kill(etcd);
    LOG.info("kube-apiserver and etcd killed; starting them again in {} s", downtime.toSeconds());
    try {
      Thread.sleep(downtime.toMillis());
      if (workDir == null) {
        workDir = Files.createTempDirectory("localkube-");
      }
      restarted.add(ControlPlaneProcesses.startAgain(etcd, workDir.resolve("etcd-restarted.log")));
      restarted.add(
          ControlPlaneProcesses.startAgain(
              apiServer, workDir.resolve("kube-apiserver-restarted.log")));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the control plane was down", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
    try (KubernetesClient client = newClient()) {
      while (true) {
        try {
          String ready = client.raw("/readyz");
          if (ready != null && ready.contains("ok")) {
            LOG.info("kube-apiserver answers again");
            return;
          }
        } catch (RuntimeException notYet) {
          // still starting
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "kube-apiserver did not answer within 120 s of its restart");
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * kube-api-test's stop cleans etcd's data directory and fails when called a second time: stop
   * once.
   */
  private synchronized boolean stopOnce(Runnable stop) {
    if (stopped) {
      return false;
    }
    stopped = true;
    stop.run();
    return true;
  }

  /** This server's kube-apiserver and etcd processes, or none when they are gone already. */
  private List<ProcessHandle> controlPlaneBinaries() {
    if (kubeConfigYaml == null) {
      return List.of();
    }
    try {
      ControlPlaneProcesses.Running apiServer =
          ControlPlaneProcesses.apiServer(java.net.URI.create(config().getMasterUrl()).getPort());
      return List.of(apiServer.handle(), ControlPlaneProcesses.etcdOf(apiServer).handle());
    } catch (IllegalStateException gone) {
      return List.of();
    }
  }

  @Override
  public synchronized void close() {
    if (controllerManager != null) {
      controllerManager
          .close(); // before the API server, so it does not log connection errors while it goes
    }
    for (Process p : restarted.reversed()) { // kube-apiserver, then etcd
      killedOnPurpose.add(p.pid());
      p.destroy();
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    List<ProcessHandle> binaries = controlPlaneBinaries();
    if (!stopOnce(server::stop)) {
      return;
    }
    // kube-api-test kills the supervising shells; the binaries get SIGTERM from them and are
    // waited for here, so that a stopped server holds no port
    for (ProcessHandle binary : binaries) {
      try {
        binary.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        binary.destroyForcibly();
      }
    }
    deleteWorkDir();
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException jvmExiting) {
        // the hooks are running already
      }
    }
  }
}
