package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.localkube.Kubectl;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.ListenerAddressBuilder;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatusBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster whose Prometheus cannot be reached gets no decision, and says why in a Warning Event.
 */
class AutoscalingMetricsIT {
  @Test
  void anUnreachablePrometheusSkipsTheRoundWithAWarningEvent() throws Exception {
    TestEnvironment env = TestEnvironment.get();
    KubernetesClient client = env.client;
    String ns = env.newNamespace("prom");
    String prometheus = "http://127.0.0.1:" + closedPort();
    Kubectl.Result applied =
        env.kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: watched, namespace: %s }
        spec:
          rebalancing: { enabled: false }
          autoscaling:
            metrics:
              source: Prometheus
              prometheus: { url: "%s" }
        """
                .formatted(ns, prometheus));
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    await("the cluster is Ready")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              ServerlessKafka cluster =
                  client.resources(ServerlessKafka.class).inNamespace(ns).withName("watched").get();
              return cluster != null
                  && cluster.getStatus() != null
                  && cluster.getStatus().getConditions() != null
                  && cluster.getStatus().getConditions().stream()
                      .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });

    // The fake Strimzi's bootstrap host does not resolve, so no Admin client could be made and the
    // autoscaler
    // would never run. A loopback address makes one (Admin clients connect lazily); the metrics
    // come from Prometheus.
    env.strimzi.pause(ns);
    Kafka kafka = client.resources(Kafka.class).inNamespace(ns).withName("watched").get();
    kafka
        .getStatus()
        .setListeners(
            List.of(
                new ListenerStatusBuilder()
                    .withName("scram")
                    .withAddresses(
                        new ListenerAddressBuilder()
                            .withHost("127.0.0.1")
                            .withPort(closedPort())
                            .build())
                    .build()));
    client.resource(kafka).updateStatus();

    await("a Warning Event names the unreachable Prometheus")
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              List<Event> events =
                  client.v1().events().inNamespace(ns).list().getItems().stream()
                      .filter(e -> "AutoscalingSkipped".equals(e.getReason()))
                      .toList();
              assertThat(events)
                  .singleElement()
                  .satisfies(
                      e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("watched");
                        assertThat(e.getMessage())
                            .startsWith(
                                "autoscaler skipped this round: ingress query: Prometheus at "
                                    + prometheus
                                    + " is unreachable");
                      });
            });
    ServerlessKafka cluster =
        client.resources(ServerlessKafka.class).inNamespace(ns).withName("watched").get();
    assertThat(cluster.getStatus().getAutoscaling()).as("no decision without metrics").isNull();
    assertThat(client.configMaps().inNamespace(ns).withName("watched-autoscaler-state").get())
        .as("nothing stored")
        .isNull();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
