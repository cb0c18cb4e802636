package io.serverlesskafka.localkube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds this JVM's etcd and kube-apiserver of one local API server (by its port, as tests may run
 * several) and starts them again with their exact command lines: the same ports, certificates and
 * etcd data, as when a node restarts its static control-plane pods. Used to show that the operator
 * rides out an API server outage.
 */
final class ControlPlaneProcesses {
  private static final Pattern ETCD_SERVERS =
      Pattern.compile("--etcd-servers[= ]https?://[^:]+:(\\d+)");

  private ControlPlaneProcesses() {}

  /** A running process and the command that started it. */
  record Running(ProcessHandle handle, List<String> command) {}

  static Running apiServer(int securePort) {
    // kube-api-test passes flags and values as separate arguments; either form is accepted here
    return find(
            "kube-apiserver",
            args ->
                String.join(" ", args).replace('=', ' ').contains("--secure-port " + securePort))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no kube-apiserver on port " + securePort + " among this JVM's processes"));
  }

  static Running etcdOf(Running apiServer) {
    Matcher m = ETCD_SERVERS.matcher(String.join(" ", apiServer.command()));
    if (!m.find()) {
      throw new IllegalStateException(
          "kube-apiserver has no --etcd-servers: " + apiServer.command());
    }
    String port = ":" + m.group(1);
    return find(
            "etcd",
            args ->
                String.join(" ", args)
                    .replace('=', ' ')
                    .matches(".*--listen-client-urls \\S*" + Pattern.quote(port) + ".*"))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no etcd serving " + port + " among this JVM's processes"));
  }

  private static Optional<Running> find(
      String binary, java.util.function.Predicate<List<String>> matches) {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/" + binary)).orElse(false))
        .map(p -> new Running(p, commandLine(p.pid())))
        .filter(r -> !r.command().isEmpty() && matches.test(r.command()))
        .findFirst();
  }

  /** The full command line (ProcessHandle.Info truncates long ones). */
  private static List<String> commandLine(long pid) {
    try {
      String raw =
          Files.readString(
              Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.UTF_8);
      return Arrays.stream(raw.split("\0")).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      return List.of(); // gone meanwhile
    }
  }

  /** kill -9, as a crash: no graceful shutdown. Waits for the exit. */
  static void kill(Running running) {
    running.handle().destroyForcibly();
    try {
      running.handle().onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("pid " + running.handle().pid() + " did not exit", e);
    }
  }

  /**
   * Starts the command again, supervised in a session of its own ({@link OwnSession}), with its
   * output appended to {@code log}.
   */
  static Process startAgain(Running running, Path log) {
    List<String> command = OwnSession.supervised(running.command());
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + running.command().get(0) + " again", e);
    }
  }
}
