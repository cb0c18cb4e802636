package io.serverlesskafka.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deletion does on the local cluster what it does on a real one: the garbage collector and the
 * namespace controller run.
 */
class LocalControllerManagerIT {
  private static LocalKubeApiServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = new LocalKubeApiServer().start();
    client = server.newClient();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static ConfigMap configMap(String ns, String name, ConfigMap owner) {
    ConfigMapBuilder b =
        new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata();
    if (owner != null) {
      b.editMetadata()
          .addNewOwnerReference()
          .withApiVersion("v1")
          .withKind("ConfigMap")
          .withName(owner.getMetadata().getName())
          .withUid(owner.getMetadata().getUid())
          .withBlockOwnerDeletion(true)
          .withController(true)
          .endOwnerReference()
          .endMetadata();
    }
    return client.configMaps().inNamespace(ns).resource(b.build()).create();
  }

  private static boolean exists(String ns, String name) {
    return client.configMaps().inNamespace(ns).withName(name).get() != null;
  }

  @Test
  void backgroundDeletionRemovesDependentsAfterTheirOwner() {
    ConfigMap owner = configMap("default", "bg-owner", null);
    configMap("default", "bg-dependent", owner);
    client
        .configMaps()
        .inNamespace("default")
        .withName("bg-owner")
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    await("the garbage collector deletes the dependent")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !exists("default", "bg-dependent"));
    assertThat(exists("default", "bg-owner")).isFalse();
  }

  @Test
  void foregroundDeletionRemovesDependentsBeforeTheOwner() {
    ConfigMap owner = configMap("default", "fg-owner", null);
    configMap("default", "fg-dependent", owner);
    client
        .configMaps()
        .inNamespace("default")
        .withName("fg-owner")
        .withPropagationPolicy(DeletionPropagation.FOREGROUND)
        .delete();
    await("dependent and then owner are gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !exists("default", "fg-dependent") && !exists("default", "fg-owner"));
  }

  @Test
  void orphanDeletionKeepsTheDependent() {
    ConfigMap owner = configMap("default", "orphan-owner", null);
    configMap("default", "orphan-dependent", owner);
    client
        .configMaps()
        .inNamespace("default")
        .withName("orphan-owner")
        .withPropagationPolicy(DeletionPropagation.ORPHAN)
        .delete();
    await("the owner is gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !exists("default", "orphan-owner"));
    await("the dependent loses its owner reference")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                    .configMaps()
                    .inNamespace("default")
                    .withName("orphan-dependent")
                    .get()
                    .getMetadata()
                    .getOwnerReferences()
                    .isEmpty());
  }

  @Test
  void aRestartedControlPlaneKeepsItsObjectsAndItsClients() {
    configMap("default", "survivor", null);
    server.restartControlPlane(Duration.ofSeconds(2));
    assertThat(exists("default", "survivor"))
        .as("etcd's data survives, the old client reconnects")
        .isTrue();
    ConfigMap owner = configMap("default", "after-restart-owner", null);
    configMap("default", "after-restart-dependent", owner);
    client.configMaps().inNamespace("default").withName("after-restart-owner").delete();
    await("the controller manager works against the restarted API server")
        .atMost(Duration.ofSeconds(90))
        .until(() -> !exists("default", "after-restart-dependent"));
  }

  @Test
  void deletingANamespaceCompletes() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build())
        .create();
    configMap("doomed", "inside", null);
    client.namespaces().withName("doomed").delete();
    await("the namespace controller empties and removes the namespace")
        .atMost(Duration.ofSeconds(90))
        .until(() -> client.namespaces().withName("doomed").get() == null);
  }
}
