package io.serverlesskafka.devcluster.strimzi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds and removes the stand-in's finalizer, so that deleting a KafkaTopic or KafkaUser reaches
 * Kafka first.
 */
final class Finalizers {
  static final String NAME = "serverlesskafka.io/local-strimzi";

  private Finalizers() {}

  static boolean has(HasMetadata r) {
    return r.getMetadata().getFinalizers() != null
        && r.getMetadata().getFinalizers().contains(NAME);
  }

  static <T extends HasMetadata> void add(KubernetesClient client, T r) {
    // Even the server's copy can change between the read and the write of the edit when the
    // operator
    // writes the object at the same moment (409 Conflict): tried again at once, a few times, rather
    // than leaving the resource to the next pass.
    for (int attempt = 1; ; attempt++) {
      try {
        addOnce(client, r);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static <T extends HasMetadata> void addOnce(KubernetesClient client, T r) {
    if (!has(r)) {
      // Edited as the server has it now, not as the informer last saw it: the operator writes the
      // same objects
      // at the same time, and an edit of the cached copy failed with 409 Conflict for most of a
      // burst of new
      // topics, each then waiting for the next pass.
      fresh(client, r)
          .edit(
              x -> {
                List<String> f =
                    new ArrayList<>(
                        x.getMetadata().getFinalizers() == null
                            ? List.of()
                            : x.getMetadata().getFinalizers());
                if (!f.contains(NAME)) {
                  f.add(NAME);
                }
                x.getMetadata().setFinalizers(f);
                return x;
              });
    }
  }

  static <T extends HasMetadata> void remove(KubernetesClient client, T r) {
    if (has(r)) {
      fresh(client, r)
          .edit(
              x -> {
                List<String> f =
                    new ArrayList<>(
                        x.getMetadata().getFinalizers() == null
                            ? List.of()
                            : x.getMetadata().getFinalizers());
                f.remove(NAME);
                x.getMetadata().setFinalizers(f);
                return x;
              });
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> io.fabric8.kubernetes.client.dsl.Resource<T> fresh(
      KubernetesClient client, T r) {
    return client
        .resources((Class<T>) r.getClass())
        .inNamespace(r.getMetadata().getNamespace())
        .withName(r.getMetadata().getName());
  }
}
