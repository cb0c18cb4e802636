package io.serverlesskafka.devcluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the local cluster keeps across restarts besides Kafka's own data: the local API server's
 * etcd lives in a temporary directory, so on stop the user's namespaces, ServerlessKafkas,
 * ServerlessTopics and Strimzi's user Secrets (the SCRAM passwords) are written to a file and
 * applied again on the next start. Topics then come back with the same data and the same
 * credentials.
 *
 * <p>The file is the only copy of those objects, so it is guarded: it is replaced atomically (a
 * crash while writing leaves the old one); objects of the file that could not be restored this run
 * are carried into the next save rather than dropped; and the owner saves only after a restore that
 * ran to its end (see {@link LocalCluster}), so a start that failed half-way never writes its
 * partial view over it.
 */
final class DevState {
  private static final Set<String> SYSTEM_NAMESPACES =
      Set.of("default", "kube-system", "kube-public", "kube-node-lease");

  private final KubernetesClient client;
  private final Path file;

  /** Objects of the file that failed to restore, by kind/namespace/name: kept for the next save. */
  private final Map<String, HasMetadata> notRestored = new LinkedHashMap<>();

  DevState(KubernetesClient client, Path file) {
    this.client = client;
    this.file = file;
  }

  Path file() {
    return file;
  }

  void save() {
    Map<String, HasMetadata> items = new LinkedHashMap<>();
    client.namespaces().list().getItems().stream()
        .filter(n -> !SYSTEM_NAMESPACES.contains(n.getMetadata().getName()))
        .forEach(i -> put(items, i));
    client
        .secrets()
        .inAnyNamespace()
        .withLabel("strimzi.io/kind", "KafkaUser")
        .list()
        .getItems()
        .forEach(i -> put(items, i));
    client
        .resources(ServerlessKafka.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(i -> put(items, i));
    client
        .resources(ServerlessTopic.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(i -> put(items, i));
    notRestored.forEach(items::putIfAbsent);
    // A plain list: the generated KubernetesListBuilder needs a builder class for every item type.
    KubernetesList list = new KubernetesList();
    list.setItems(new ArrayList<>(items.values()));
    try {
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "state", ".yaml.tmp");
      Files.writeString(temp, client.getKubernetesSerialization().asYaml(list));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the local cluster's objects to " + file, e);
    }
  }

  private static void put(Map<String, HasMetadata> items, HasMetadata item) {
    items.put(key(item), clean(item));
  }

  private static String key(HasMetadata item) {
    return item.getKind()
        + "/"
        + item.getMetadata().getNamespace()
        + "/"
        + item.getMetadata().getName();
  }

  /**
   * Namespaces and user Secrets: before the Strimzi stand-in starts, so that it finds the old
   * passwords.
   */
  Restored restoreBase() {
    return restore(item -> "Namespace".equals(item.getKind()) || "Secret".equals(item.getKind()));
  }

  /** ServerlessKafkas and ServerlessTopics. */
  Restored restoreResources() {
    // Custom resources come back as generic objects: match on kind, apply as they are.
    return restore(
        item ->
            "ServerlessKafka".equals(item.getKind()) || "ServerlessTopic".equals(item.getKind()));
  }

  /** How many objects came back, and what could not, with the API server's reason. */
  record Restored(int count, List<String> failures) {}

  private Restored restore(Predicate<HasMetadata> which) {
    if (!Files.exists(file)) {
      return new Restored(0, List.of());
    }
    KubernetesList list;
    try {
      list =
          client
              .getKubernetesSerialization()
              .unmarshal(Files.readString(file), KubernetesList.class);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          file
              + " is not a list of Kubernetes objects ("
              + e.getMessage()
              + "); move it aside or start with --fresh",
          e);
    }
    int count = 0;
    List<String> failures = new ArrayList<>();
    for (HasMetadata item : list.getItems()) {
      if (item == null || item.getMetadata() == null || !which.test(item)) {
        continue;
      }
      try {
        client.resource(clean(item)).forceConflicts().serverSideApply();
        count++;
      } catch (KubernetesClientException e) {
        notRestored.put(key(item), item);
        String reason =
            e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        failures.add(
            item.getKind()
                + " "
                + (item.getMetadata().getNamespace() == null
                    ? ""
                    : item.getMetadata().getNamespace() + "/")
                + item.getMetadata().getName()
                + ": "
                + reason);
      }
    }
    return new Restored(count, failures);
  }

  /**
   * Only what the user wrote: every field the API server manages or that describes an ongoing
   * deletion is dropped, since applying it to a new API server fails (immutable or server-owned) or
   * would start a deletion again. A ServerlessKafka whose deletion was refused thus comes back as
   * an ordinary cluster.
   */
  static <T extends HasMetadata> T clean(T item) {
    ObjectMeta m = item.getMetadata();
    m.setResourceVersion(null);
    m.setUid(null);
    m.setSelfLink(null);
    m.setManagedFields(null);
    m.setCreationTimestamp(null);
    m.setGeneration(null);
    m.setOwnerReferences(null);
    m.setFinalizers(null);
    m.setDeletionTimestamp(null);
    m.setDeletionGracePeriodSeconds(null);
    m.setGenerateName(null);
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
    if (item instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource g) {
      g.getAdditionalProperties().remove("status");
    }
    return item;
  }
}
