package io.serverlesskafka.devcluster.strimzi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/** Adds and removes the stand-in's finalizer, so that deleting a KafkaTopic or KafkaUser reaches Kafka first. */
final class Finalizers {
  static final String NAME = "serverlesskafka.io/local-strimzi";

  private Finalizers() {}

  static boolean has(HasMetadata r) {
    return r.getMetadata().getFinalizers() != null && r.getMetadata().getFinalizers().contains(NAME);
  }

  static <T extends HasMetadata> void add(KubernetesClient client, T r) {
    if (!has(r)) {
      client.resource(r).edit(x -> {
        List<String> f = new ArrayList<>(x.getMetadata().getFinalizers() == null ? List.of() : x.getMetadata().getFinalizers());
        f.add(NAME);
        x.getMetadata().setFinalizers(f);
        return x;
      });
    }
  }

  static <T extends HasMetadata> void remove(KubernetesClient client, T r) {
    if (has(r)) {
      client.resource(r).edit(x -> {
        List<String> f = new ArrayList<>(x.getMetadata().getFinalizers());
        f.remove(NAME);
        x.getMetadata().setFinalizers(f);
        return x;
      });
    }
  }
}
