package io.serverlesskafka.devcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.localkube.CrdInstaller;
import io.serverlesskafka.localkube.LocalKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The state file of bin/dev between two API servers: what a stop saves comes back on the next
 * start, or is kept.
 */
class DevStateIT {
  private static final String CLUSTER =
      """
      apiVersion: serverlesskafka.io/v1alpha1
      kind: ServerlessKafka
      metadata: { name: shared, namespace: kafka, finalizers: [serverlesskafka.io/test-hold] }
      spec: { brokers: { min: 1, max: 3 } }
      """;
  private static final String TOPIC =
      """
      apiVersion: serverlesskafka.io/v1alpha1
      kind: ServerlessTopic
      metadata: { name: %s, namespace: team-a }
      spec: { partitions: 3 }
      """;

  private static LocalKubeApiServer apiServer() {
    return new LocalKubeApiServer().withoutControllerManager().start();
  }

  private static void setUp(KubernetesClient client) {
    new CrdInstaller(client).installAll();
    for (String ns : new String[] {"kafka", "team-a"}) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
  }

  @Test
  void aClusterSavedWhileBeingDeletedComesBackAsAnOrdinaryCluster() throws Exception {
    Path file = Files.createTempDirectory("dev-state").resolve("state.yaml");
    try (LocalKubeApiServer first = apiServer();
        KubernetesClient client = first.newClient()) {
      setUp(client);
      client
          .resource(client.getKubernetesSerialization().unmarshal(CLUSTER, ServerlessKafka.class))
          .create();
      client
          .resource(
              client
                  .getKubernetesSerialization()
                  .unmarshal(TOPIC.formatted("orders"), ServerlessTopic.class))
          .create();
      client
          .resources(ServerlessKafka.class)
          .inNamespace("kafka")
          .withName("shared")
          .delete(); // held by the finalizer
      ServerlessKafka deleting =
          client.resources(ServerlessKafka.class).inNamespace("kafka").withName("shared").get();
      assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isNotNull();
      new DevState(client, file).save();
    }
    assertThat(Files.readString(file))
        .doesNotContain("deletionTimestamp")
        .doesNotContain("deletionGracePeriodSeconds");
    try (LocalKubeApiServer second = apiServer();
        KubernetesClient client = second.newClient()) {
      setUp(client);
      // the dev command applies its default cluster before restoring: the restored one is applied
      // over it
      client
          .resource(
              client
                  .getKubernetesSerialization()
                  .unmarshal(
                      CLUSTER.replace(", finalizers: [serverlesskafka.io/test-hold]", ""),
                      ServerlessKafka.class))
          .serverSideApply();
      DevState state = new DevState(client, file);
      DevState.Restored restored = state.restoreResources();
      assertThat(restored.failures()).isEmpty();
      assertThat(restored.count()).isEqualTo(2);
      ServerlessKafka back =
          client.resources(ServerlessKafka.class).inNamespace("kafka").withName("shared").get();
      assertThat(back.getMetadata().getDeletionTimestamp()).isNull();
      assertThat(
              client
                  .resources(ServerlessTopic.class)
                  .inNamespace("team-a")
                  .withName("orders")
                  .get())
          .isNotNull();
    }
  }

  @Test
  void anObjectThatCannotBeRestoredIsNamedTheRestRestoredAndItStaysInTheFile() throws Exception {
    Path file = Files.createTempDirectory("dev-state").resolve("state.yaml");
    // a file as an older version might have written it: one topic the schema now refuses
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: serverlesskafka.io/v1alpha1
          kind: ServerlessTopic
          metadata: { name: good, namespace: team-a }
          spec: { partitions: 3 }
        - apiVersion: serverlesskafka.io/v1alpha1
          kind: ServerlessTopic
          metadata: { name: refused, namespace: team-a }
          spec: { partitions: -4 }
        """);
    try (LocalKubeApiServer server = apiServer();
        KubernetesClient client = server.newClient()) {
      setUp(client);
      DevState state = new DevState(client, file);
      DevState.Restored restored = state.restoreResources();
      assertThat(restored.count()).isEqualTo(1);
      assertThat(restored.failures())
          .singleElement()
          .asString()
          .contains("ServerlessTopic team-a/refused")
          .contains("partitions");
      assertThat(
              client.resources(ServerlessTopic.class).inNamespace("team-a").withName("good").get())
          .isNotNull();

      state.save();
      String saved = Files.readString(file);
      assertThat(saved)
          .as("nothing lost: the refused topic is kept for a later start")
          .contains("refused")
          .contains("good");
      assertThat(file.getParent()).isDirectoryNotContaining("glob:**.tmp");
    }
  }
}
