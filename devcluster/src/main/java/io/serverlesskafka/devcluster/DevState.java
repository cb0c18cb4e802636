package io.serverlesskafka.devcluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the local cluster keeps across restarts besides Kafka's own data: the local API server's etcd lives in
 * a temporary directory, so on stop the user's namespaces, ServerlessKafkas, ServerlessTopics and Strimzi's
 * user Secrets (the SCRAM passwords) are written to a file and applied again on the next start. Topics then
 * come back with the same data and the same credentials.
 */
final class DevState {
  private static final Set<String> SYSTEM_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

  private DevState() {}

  static void save(KubernetesClient client, Path file) {
    List<HasMetadata> items = new ArrayList<>();
    client.namespaces().list().getItems().stream()
        .filter(n -> !SYSTEM_NAMESPACES.contains(n.getMetadata().getName())).map(DevState::clean).forEach(items::add);
    client.secrets().inAnyNamespace().withLabel("strimzi.io/kind", "KafkaUser").list().getItems().stream()
        .map(DevState::clean).forEach(items::add);
    client.resources(ServerlessKafka.class).inAnyNamespace().list().getItems().stream().map(DevState::clean).forEach(items::add);
    client.resources(ServerlessTopic.class).inAnyNamespace().list().getItems().stream().map(DevState::clean).forEach(items::add);
    // A plain list: the generated KubernetesListBuilder needs a builder class for every item type.
    KubernetesList list = new KubernetesList();
    list.setItems(items);
    try {
      Files.writeString(file, client.getKubernetesSerialization().asYaml(list));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Namespaces and user Secrets: before the Strimzi stand-in starts, so that it finds the old passwords. */
  static int restoreBase(KubernetesClient client, Path file) {
    return restore(client, file, item -> "Namespace".equals(item.getKind()) || "Secret".equals(item.getKind()));
  }

  /** ServerlessKafkas and ServerlessTopics: once the operator runs. */
  static int restoreResources(KubernetesClient client, Path file) {
    // Custom resources come back as generic objects: match on kind, apply as they are.
    return restore(client, file, item -> "ServerlessKafka".equals(item.getKind()) || "ServerlessTopic".equals(item.getKind()));
  }

  private static int restore(KubernetesClient client, Path file, java.util.function.Predicate<HasMetadata> which) {
    if (!Files.exists(file)) {
      return 0;
    }
    KubernetesList list;
    try {
      list = client.getKubernetesSerialization().unmarshal(Files.readString(file), KubernetesList.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int count = 0;
    for (HasMetadata item : list.getItems()) {
      if (which.test(item)) {
        client.resource(item).forceConflicts().serverSideApply();
        count++;
      }
    }
    return count;
  }

  private static <T extends HasMetadata> T clean(T item) {
    ObjectMeta m = item.getMetadata();
    m.setResourceVersion(null);
    m.setUid(null);
    m.setManagedFields(null);
    m.setCreationTimestamp(null);
    m.setGeneration(null);
    m.setOwnerReferences(null);
    m.setFinalizers(null);
    m.setDeletionTimestamp(null);
    if (item instanceof Namespace ns) {
      ns.setSpec(null);
      ns.setStatus(null);
    }
    if (item instanceof ServerlessTopic t) {
      t.setStatus(null);
    }
    if (item instanceof ServerlessKafka k) {
      k.setStatus(null);
    }
    return item;
  }
}
