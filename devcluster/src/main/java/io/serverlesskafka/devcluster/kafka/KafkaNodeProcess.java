package io.serverlesskafka.devcluster.kafka;

import io.serverlesskafka.localkube.OwnSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Kafka node: a child JVM running {@link KafkaNodeMain} (which runs {@code
 * kafka.Kafka}) with the java binary of the current JVM. Its stdout/stderr go to {@code stdout.log}
 * in the node directory, Kafka's log to {@code server.log}; its PID is written to {@code node.pid}
 * while it runs.
 */
public final class KafkaNodeProcess {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaNodeProcess.class);

  /**
   * Default JVM options of a node: a small heap, serial GC, and C1 only ({@code
   * TieredStopAtLevel=1}), which halves the start time on a 2-core machine (about 4 s instead of
   * 7-10 s for 1 controller + 2 brokers) at the cost of peak throughput; pass other options (e.g.
   * without it) for throughput measurements.
   */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of(
          "-Xms128m",
          "-Xmx384m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:MaxDirectMemorySize=128m",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.awt.headless=true",
          "--enable-native-access=ALL-UNNAMED");

  private static final String FATAL_STARTUP = "Exiting Kafka due to fatal exception during startup";

  private final NodeConfig node;
  private final Process process;

  /** Where this run's lines begin in each log file. */
  private final java.util.Map<Path, Long> logOffsets;

  private KafkaNodeProcess(NodeConfig node, Process process, java.util.Map<Path, Long> logOffsets) {
    this.node = node;
    this.process = process;
    this.logOffsets = logOffsets;
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Starts the node (its files must have been written by {@link ClusterLayout#writeNodeFiles}). */
  public static KafkaNodeProcess start(NodeConfig node, List<String> jvmOptions, String classpath) {
    killLeftover(node);
    // Sizes before the start: the logs are appended to across restarts, and an earlier run's fatal
    // error
    // must not fail this one.
    java.util.Map<Path, Long> before =
        java.util.Map.of(
            node.serverLog(), size(node.serverLog()), node.stdoutLog(), size(node.stdoutLog()));
    List<String> command = new ArrayList<>(OwnSession.commandPrefix());
    command.add(javaBinary());
    command.addAll(jvmOptions);
    command.add("-Dlogback.configurationFile=" + node.logbackConfig());
    command.add("-Dkafka.logs.dir=" + node.nodeDir());
    command.add("-Dserverlesskafka.node=" + node.nodeDir());
    command.add(KafkaNodeMain.class.getName());
    command.add(node.serverProperties().toString());
    command.add(node.formatArgs().toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(node.nodeDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(node.stdoutLog().toFile()));
    // stdin stays a pipe: the node exits when it reads end-of-file, i.e. when this JVM is gone.
    // The classpath goes through the environment: it is long, and a short command line stays
    // readable in ps
    // (and fully visible to ProcessHandle.Info, which reads at most 4 KiB of it).
    builder.environment().put("CLASSPATH", classpath);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("_JAVA_OPTIONS");
    try {
      Process process = builder.start();
      Files.writeString(node.pidFile(), Long.toString(process.pid()), StandardCharsets.UTF_8);
      LOG.info("Started Kafka {} (pid {}) in {}", node.name(), process.pid(), node.nodeDir());
      return new KafkaNodeProcess(node, process, before);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Kafka " + node.name(), e);
    }
  }

  public NodeConfig node() {
    return node;
  }

  public long pid() {
    return process.pid();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * While the node starts: throws with the end of its logs when the process has exited or Kafka has
   * logged a fatal startup error (it may take long to exit after one, e.g. when its port is taken).
   */
  public void checkStarting() {
    checkAlive();
    if (logsContain(FATAL_STARTUP)) {
      String portTaken =
          logsContain("Address already in use")
              ? " (Address already in use: a port of " + node.name() + " is taken)"
              : "";
      throw new IllegalStateException(
          "Kafka "
              + node.name()
              + " failed to start"
              + portTaken
              + "; end of its logs:\n"
              + logTail(40));
    }
  }

  /** Throws with the end of the node's logs when the process has exited. */
  public void checkAlive() {
    if (!process.isAlive()) {
      String portTaken =
          logsContain("Address already in use")
              ? " (Address already in use: a port of " + node.name() + " is taken)"
              : "";
      throw new IllegalStateException(
          "Kafka "
              + node.name()
              + " exited with code "
              + process.exitValue()
              + portTaken
              + "; end of its logs:\n"
              + logTail(40));
    }
  }

  /**
   * Stops the node: SIGTERM (Kafka shuts down cleanly, a broker with a controlled shutdown), then
   * SIGKILL to the process and any descendants after {@code timeout}. Waits for the exit.
   */
  public void stop(Duration timeout) {
    requestStop();
    awaitStop(timeout);
  }

  /** Sends SIGTERM without waiting. */
  public void requestStop() {
    if (process.isAlive()) {
      process.destroy();
    }
  }

  /**
   * Waits up to {@code timeout} for the exit after {@link #requestStop()}, then kills the process.
   */
  public void awaitStop(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "Kafka {} (pid {}) did not stop within {}: killing it", node.name(), pid(), timeout);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    closeQuietly();
    try {
      Files.deleteIfExists(node.pidFile());
    } catch (IOException e) {
      LOG.debug("Cannot delete {}", node.pidFile(), e);
    }
  }

  /** Immediate SIGKILL, for a JVM shutdown hook that must not wait long. */
  void kill() {
    process.destroyForcibly();
  }

  private void closeQuietly() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  /**
   * Whether this run of the node (not an earlier one, whose lines the files still hold) logged
   * {@code text}.
   */
  private boolean logsContain(String text) {
    for (Path file : List.of(node.serverLog(), node.stdoutLog())) {
      try {
        if (!Files.exists(file)) {
          continue;
        }
        byte[] all = Files.readAllBytes(file);
        int from = (int) Math.min(all.length, logOffsets.getOrDefault(file, 0L));
        if (new String(all, from, all.length - from, StandardCharsets.UTF_8).contains(text)) {
          return true;
        }
      } catch (IOException | UncheckedIOException e) {
        LOG.debug("Cannot read {}", file, e);
      }
    }
    return false;
  }

  /** The last lines of {@code server.log} and {@code stdout.log}. */
  public String logTail(int lines) {
    return tail(node.serverLog(), lines) + tail(node.stdoutLog(), lines);
  }

  private static String tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return "";
    }
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return "--- "
          + file
          + "\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()))
          + "\n";
    } catch (IOException | UncheckedIOException e) {
      return "--- " + file + ": " + e + "\n";
    }
  }

  /**
   * Kills a node process left behind by a crashed earlier run: the PID in {@code node.pid}, if that
   * process is alive and its command line names this node's {@code server.properties}.
   */
  static void killLeftover(NodeConfig node) {
    Path pidFile = node.pidFile();
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isPresent() && handle.get().isAlive() && isNodeProcess(handle.get(), node)) {
        LOG.warn("Killing leftover Kafka {} (pid {}) from an earlier run", node.name(), pid);
        handle.get().destroy();
        try {
          handle.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception timeoutOrInterrupt) {
          handle.get().destroyForcibly();
          handle.get().onExit().get(10, TimeUnit.SECONDS);
        }
      }
      Files.deleteIfExists(pidFile);
    } catch (Exception e) {
      LOG.warn("Cannot check leftover process of {} ({})", node.name(), e.toString());
    }
  }

  private static boolean isNodeProcess(ProcessHandle handle, NodeConfig node) {
    String marker = node.serverProperties().toString();
    ProcessHandle.Info info = handle.info();
    if (info.arguments().isPresent() && List.of(info.arguments().get()).contains(marker)) {
      return true;
    }
    return info.commandLine().map(cl -> cl.contains(marker)).orElse(false);
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
