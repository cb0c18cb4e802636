package io.serverlesskafka.devcluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortConflictTest {

  @TempDir static Path dir;

  @Test
  void aTakenFixedPortFailsTheStartWithAClearMessageAndLeavesNoProcess() throws Exception {
    try (ServerSocket taken = takenPortWithFreePortsBelow(3)) {
      // Broker 1's CLIENT port is basePort + 3: make it the taken one (the controller's, below it,
      // are free).
      int basePort = taken.getLocalPort() - 3;
      LocalKafkaCluster cluster =
          LocalKafkaCluster.builder(dir)
              .brokerIds(List.of(1))
              .basePort(basePort)
              .startTimeout(Duration.ofSeconds(60))
              .build();
      assertThatThrownBy(cluster::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("broker-1")
          .hasMessageContaining("Address already in use");
      assertThat(cluster.isRunning()).isFalse();
      assertThat(
              ProcessHandle.current()
                  .descendants()
                  .filter(ProcessHandle::isAlive)
                  .filter(
                      p ->
                          p.info()
                              .commandLine()
                              .orElse("")
                              .contains(KafkaNodeMain.class.getName())))
          .isEmpty();
    }
  }

  /**
   * A bound loopback port whose {@code below} lower neighbours were free a moment ago, so only it
   * collides.
   */
  private static ServerSocket takenPortWithFreePortsBelow(int below) throws java.io.IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      boolean free = true;
      for (int p = taken.getLocalPort() - below; p < taken.getLocalPort() && free; p++) {
        try (ServerSocket probe = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          probe.setReuseAddress(true);
        } catch (java.io.IOException e) {
          free = false;
        }
      }
      if (free) {
        return taken;
      }
      taken.close();
    }
    throw new IllegalStateException("no port with free neighbours found");
  }
}
