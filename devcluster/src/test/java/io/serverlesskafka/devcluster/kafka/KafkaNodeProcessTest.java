package io.serverlesskafka.devcluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaNodeProcessTest {

  @TempDir Path dir;

  @Test
  void killsTheLeftoverProcessNamedInThePidFile() throws Exception {
    NodeConfig node = new NodeConfig(7, NodeConfig.Role.BROKER, dir.resolve("broker-7"), 1, 2, 0);
    Files.createDirectories(node.nodeDir());
    // A stand-in for a node left behind by a crashed run: its command line names the node's
    // server.properties.
    Process leftover =
        new ProcessBuilder("sh", "-c", "sleep 300", "sh", node.serverProperties().toString())
            .start();
    Files.writeString(node.pidFile(), Long.toString(leftover.pid()));

    KafkaNodeProcess.killLeftover(node);

    assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(node.pidFile()).doesNotExist();
  }

  @Test
  void leavesAnUnrelatedProcessWithARecycledPidAlone() throws Exception {
    NodeConfig node = new NodeConfig(8, NodeConfig.Role.BROKER, dir.resolve("broker-8"), 1, 2, 0);
    Files.createDirectories(node.nodeDir());
    Process unrelated = new ProcessBuilder("sleep", "300").start();
    try {
      Files.writeString(node.pidFile(), Long.toString(unrelated.pid()));
      KafkaNodeProcess.killLeftover(node);
      assertThat(unrelated.isAlive()).isTrue();
      assertThat(node.pidFile()).doesNotExist();
    } finally {
      unrelated.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
