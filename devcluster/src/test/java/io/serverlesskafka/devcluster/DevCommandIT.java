package io.serverlesskafka.devcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dev command as a user runs it: progress, then next steps; Ctrl-C in its terminal — SIGINT to the whole
 * process group, Kafka nodes included — saves the user's objects through the API server and leaves no process behind.
 */
class DevCommandIT {
  @Test
  void startsPrintsNextStepsAndLeavesNoProcessAfterStop() throws Exception {
    Path dir = Files.createTempDirectory("dev-it");
    String java = ProcessHandle.current().info().command().orElse("java");
    // setsid: a process group of its own, as a shell gives a foreground job, so that Ctrl-C can be sent to it
    Process dev = new ProcessBuilder("setsid", java, "-cp", System.getProperty("java.class.path"),
        "io.serverlesskafka.devcluster.DevCommand", "--dir", dir.toString(), "--metrics-port", "0")
        .redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (Exception ignored) {
        // the process ended
      }
    });
    try {
      await("dev prints its next steps").atMost(Duration.ofMinutes(4)).until(() -> {
        synchronized (lines) {
          return lines.stream().anyMatch(l -> l.contains("Ctrl-C stops everything"));
        }
      });
      synchronized (lines) {
        assertThat(lines).anyMatch(l -> l.startsWith("[1/8] starting kube-apiserver"));
        assertThat(lines).anyMatch(l -> l.contains("kubeconfig:") && l.contains(dir.resolve("kubeconfig").toString()));
        assertThat(lines).anyMatch(l -> l.contains("bootstrap:") && l.contains("127.0.0.1:"));
      }
      List<ProcessHandle> children = dev.descendants().toList();
      assertThat(children).as("kube-apiserver, etcd and the Kafka nodes run as child processes").hasSizeGreaterThanOrEqualTo(6);

      Process ctrlC = new ProcessBuilder("kill", "-INT", "--", "-" + dev.pid()).inheritIO().start();
      assertThat(ctrlC.waitFor()).as("kill -INT to the process group").isZero();
      assertThat(dev.waitFor(90, TimeUnit.SECONDS)).as("dev stops within 90 s").isTrue();
      await("no child process left").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(children.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().command().orElse("?")))
              .isEmpty());
      assertThat(Files.exists(dir.resolve("state.yaml"))).as("objects kept for the next start").isTrue();
      assertThat(Files.readString(dir.resolve("state.yaml"))).as("saved while the API server still ran")
          .contains("kind: \"ServerlessKafka\"").contains("shared");
      synchronized (lines) {
        assertThat(lines).noneMatch(l -> l.contains("exited unexpectedly"));
      }
    } finally {
      dev.descendants().forEach(ProcessHandle::destroyForcibly);
      dev.destroyForcibly();
      reader.cancel(true);
    }
  }
}
