package io.serverlesskafka.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.autoscaler.simulation.SimulationClock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failing Admin API pauses the cluster for a back-off; a bug in the caller is not mistaken for
 * one.
 */
class ClusterAdminsTest {
  final SimulationClock clock = new SimulationClock(Instant.parse("2026-01-01T00:00:00Z"));
  // No broker listens there: the client is made (it connects lazily), and no call below reaches
  // Kafka.
  final ClusterAdmins admins =
      new ClusterAdmins(
          null, clock, new ClusterCaCertificates(null, clock), c -> Optional.of("secret"));
  final ServerlessKafka cluster = cluster();

  @AfterEach
  void close() {
    admins.close();
  }

  @Test
  void aBugInTheCallIsNotReportedAsAnUnavailableAdminApi() {
    assertThatThrownBy(
            () ->
                admins.call(
                    cluster,
                    admin -> {
                      throw new NullPointerException("a bug");
                    }))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("a bug");
  }

  @Test
  void aKafkaFailurePausesTheClusterForTheBackOff() {
    AtomicInteger calls = new AtomicInteger();
    assertThat(
            admins.call(
                cluster,
                admin -> {
                  calls.incrementAndGet();
                  throw new KafkaUnavailableException("no answer", null);
                }))
        .isEmpty();
    assertThat(admins.call(cluster, admin -> calls.incrementAndGet()))
        .as("within the back-off")
        .isEmpty();
    assertThat(calls).hasValue(1);
  }

  private static ServerlessKafka cluster() {
    ServerlessKafka cluster = new ServerlessKafka();
    cluster.setMetadata(new ObjectMetaBuilder().withNamespace("kafka").withName("shared").build());
    ServerlessKafkaStatus status = new ServerlessKafkaStatus();
    status.setBootstrapServers("127.0.0.1:9");
    cluster.setStatus(status);
    return cluster;
  }
}
