package io.serverlesskafka.devcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/dev} as a user runs it in a terminal: its own process group, output read line by line,
 * Ctrl-C.
 */
final class DevProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final CompletableFuture<Void> reader;

  private DevProcess(Process process) {
    this.process = process;
    this.reader =
        CompletableFuture.runAsync(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  System.out.println("[dev] " + line);
                  synchronized (lines) {
                    lines.add(line);
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
            });
  }

  static DevProcess start(Path dir, String... extraArgs) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setsid",
                java(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.serverlesskafka.devcluster.DevCommand",
                "--dir",
                dir.toString(),
                "--metrics-port",
                "0"));
    command.addAll(List.of(extraArgs));
    // setsid: a process group of its own, as a shell gives a foreground job, so that Ctrl-C can be
    // sent to it
    return new DevProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  Process process() {
    return process;
  }

  DevProcess awaitReady() {
    await("dev prints its next steps")
        .atMost(Duration.ofMinutes(4))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    "dev exited with " + process.exitValue() + ":\n" + String.join("\n", lines()));
              }
              return lines().stream().anyMatch(l -> l.contains("Ctrl-C stops everything"));
            });
    return this;
  }

  /** Ctrl-C in its terminal: SIGINT to the whole process group. Returns the exit code. */
  int ctrlC() throws Exception {
    Process ctrlC =
        new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start();
    assertThat(ctrlC.waitFor()).as("kill -INT to the process group").isZero();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("dev stops within 90 s").isTrue();
    reader.get(10, TimeUnit.SECONDS);
    return process.exitValue();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    reader.cancel(true);
  }
}
