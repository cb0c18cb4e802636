package io.serverlesskafka.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.operator.FakeApiServer;
import io.serverlesskafka.operator.model.StrimziNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A deleted cluster's Admin client is closed even when nothing else (the usage meter) would retire
 * it.
 */
class ClusterAdminsForgetTest {
  @Test
  void forgettingADeletedClusterClosesItsAdminClientWithoutTheUsageMeter() throws Exception {
    try (FakeApiServer api = new FakeApiServer();
        KubernetesClient client = api.client()) {
      ServerlessKafka cluster = cluster("gone");
      api.objects.put(
          "/api/v1/namespaces/kafka/secrets/" + StrimziNames.adminUser("gone"),
          """
          {"apiVersion":"v1","kind":"Secret","metadata":{"name":"x","namespace":"kafka"},"data":{"password":"%s"}}"""
              .formatted(
                  Base64.getEncoder().encodeToString("secret".getBytes(StandardCharsets.UTF_8))));
      ClusterAdmins admins = new ClusterAdmins(client, Clock.systemUTC());
      int threadsBefore = adminThreads();

      assertThat(admins.call(cluster, a -> "called"))
          .contains("called"); // no request: the client only exists
      assertThat(admins.openClients()).isEqualTo(1);
      assertThat(adminThreads()).isEqualTo(threadsBefore + 1);

      admins.forget("kafka/gone");

      assertThat(admins.openClients()).isZero();
      assertThat(admins.trackedEntries()).isZero();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (adminThreads() > threadsBefore && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(adminThreads()).as("Admin client network threads").isEqualTo(threadsBefore);
    }
  }

  private static int adminThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("kafka-admin-client-thread"))
            .count();
  }

  private static ServerlessKafka cluster(String name) {
    ServerlessKafka k = new ServerlessKafka();
    k.getMetadata().setNamespace("kafka");
    k.getMetadata().setName(name);
    ServerlessKafkaStatus status = new ServerlessKafkaStatus();
    status.setBootstrapServers("127.0.0.1:1");
    k.setStatus(status);
    return k;
  }
}
