package io.serverlesskafka.devcluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka node processes exit by themselves when the JVM that started them is killed with SIGKILL.
 */
class OrphanCleanupTest {

  @TempDir static Path dir;

  @Test
  void nodesExitWhenTheirParentIsKilled() throws Exception {
    Path out = dir.resolve("main.out");
    String java = ProcessHandle.current().info().command().orElseThrow();
    String logback =
        Path.of(OrphanCleanupTest.class.getResource("/logback-test.xml").toURI()).toString();
    Process parent =
        new ProcessBuilder(
                java,
                "-Dlogback.configurationFile=" + logback,
                "-cp",
                KafkaClasspath.resolve(),
                LocalKafkaClusterMain.class.getName(),
                dir.resolve("cluster").toString(),
                "1")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    List<ProcessHandle> nodes;
    try {
      await("the cluster in the child JVM is up")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                if (!parent.isAlive()) {
                  throw new AssertionError(
                      "LocalKafkaClusterMain exited:\n"
                          + Files.readString(out, StandardCharsets.UTF_8));
                }
                return Files.readString(out, StandardCharsets.UTF_8).contains("Ctrl-C");
              });
      nodes =
          parent
              .descendants()
              .filter(
                  p -> p.info().commandLine().orElse("").contains(KafkaNodeMain.class.getName()))
              .toList();
      assertThat(nodes).as("controller and broker processes").hasSize(2);
    } finally {
      parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
      parent.waitFor(10, TimeUnit.SECONDS);
    }
    long killed = System.nanoTime();
    try {
      await("node processes exit after their parent was killed")
          .atMost(Duration.ofSeconds(45))
          .until(() -> nodes.stream().noneMatch(ProcessHandle::isAlive));
      System.out.printf(
          "orphaned nodes exited %d ms after their parent was killed%n",
          (System.nanoTime() - killed) / 1_000_000);
    } finally {
      nodes.forEach(ProcessHandle::destroyForcibly);
    }
  }
}
