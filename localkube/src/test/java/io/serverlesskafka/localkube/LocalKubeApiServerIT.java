package io.serverlesskafka.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The local API server's processes: out of the JVM's process group, supervised, and an unexpected
 * exit is reported.
 */
class LocalKubeApiServerIT {
  private static List<ProcessHandle> children(String name) {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
        .toList();
  }

  @Test
  void etcdAndTheApiServerRunInASessionOfTheirOwnAndTheirDeathIsReportedOnce() throws Exception {
    AtomicInteger reported = new AtomicInteger();
    try (LocalKubeApiServer server =
            new LocalKubeApiServer().whenStoppedUnexpectedly(reported::incrementAndGet).start();
        KubernetesClient client = server.newClient()) {
      assertThat(client.namespaces().withName("default").get()).isNotNull();
      List<ProcessHandle> etcd = children("etcd");
      assertThat(etcd).hasSize(1);
      assertThat(etcd.get(0).parent().flatMap(p -> p.parent()).map(ProcessHandle::pid))
          .as("etcd runs under a supervising shell the JVM started")
          .contains(ProcessHandle.current().pid());
      assertThat(children("kube-apiserver")).hasSize(1);
      // a terminal's Ctrl-C reaches the foreground process group; these must wait for their owner
      // to stop them
      String ownGroup = Files.readString(Path.of("/proc/self/stat")).split(" ")[4];
      String etcdGroup =
          Files.readString(Path.of("/proc/" + etcd.get(0).pid() + "/stat")).split(" ")[4];
      assertThat(etcdGroup).as("etcd's process group").isNotEqualTo(ownGroup);

      etcd.get(0).destroyForcibly();
      await("the owner hears of it").atMost(Duration.ofSeconds(30)).until(() -> reported.get() > 0);
      await("kube-apiserver is stopped with it")
          .atMost(Duration.ofSeconds(30))
          .until(() -> children("kube-apiserver").isEmpty());
      Thread.sleep(1000);
      assertThat(reported).as("reported once").hasValue(1);
    }
  }
}
