package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.localkube.CrdInstaller;
import io.serverlesskafka.localkube.LocalKubeApiServer;
import io.serverlesskafka.operator.ServerlessKafkaOperator;
import io.serverlesskafka.operator.config.OperatorConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas with leader election: one reconciles, the other takes over when it stops.
 */
class LeaderElectionIT {
  @Test
  void standbyTakesOverWhenTheLeaderStops() {
    try (LocalKubeApiServer apiServer = new LocalKubeApiServer().start();
        KubernetesClient client = apiServer.newClient()) {
      new CrdInstaller(client).installAll();
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName("ops").endMetadata().build())
          .create();
      // two replicas in one JVM: without POD_NAME both would take the same identity (host name and
      // pid)
      OperatorConfig config =
          OperatorConfig.fromEnv(
                  java.util.Map.of(
                      "LEADER_ELECTION_ENABLED",
                      "true",
                      "POD_NAMESPACE",
                      "ops",
                      "LEADER_ELECTION_LEASE_NAME",
                      "skafka-leader",
                      "POD_NAME",
                      "replica-1"))
              .withMetricsPort(-1);
      OperatorConfig secondConfig =
          OperatorConfig.fromEnv(
                  java.util.Map.of(
                      "LEADER_ELECTION_ENABLED",
                      "true",
                      "POD_NAMESPACE",
                      "ops",
                      "LEADER_ELECTION_LEASE_NAME",
                      "skafka-leader",
                      "POD_NAME",
                      "replica-2"))
              .withMetricsPort(-1);
      ServerlessKafkaOperator first =
          new ServerlessKafkaOperator(apiServer.newClient(), config).start();
      await("first replica holds the lease")
          .atMost(Duration.ofSeconds(60))
          .until(() -> holder(client) != null);
      String leader = holder(client);
      ServerlessKafkaOperator second =
          new ServerlessKafkaOperator(apiServer.newClient(), secondConfig).start();
      try {
        apply(client, "one");
        await("the leader reconciles")
            .atMost(Duration.ofSeconds(60))
            .until(() -> observed(client, "one"));
        assertThat(holder(client)).isEqualTo(leader);

        first.close();
        await("the standby takes the lease")
            .atMost(Duration.ofSeconds(90))
            .until(() -> holder(client) != null && !holder(client).equals(leader));
        apply(client, "two");
        await("the new leader reconciles")
            .atMost(Duration.ofSeconds(60))
            .until(() -> observed(client, "two"));
      } finally {
        second.close();
      }
    }
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().inNamespace("ops").withName("skafka-leader").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void apply(KubernetesClient client, String name) {
    ServerlessKafka k = new ServerlessKafka();
    k.getMetadata().setName(name);
    k.getMetadata().setNamespace("ops");
    client.resource(k).create();
  }

  private static boolean observed(KubernetesClient client, String name) {
    ServerlessKafka k =
        client.resources(ServerlessKafka.class).inNamespace("ops").withName(name).get();
    return k != null && k.getStatus() != null && k.getStatus().getObservedGeneration() != null;
  }
}
