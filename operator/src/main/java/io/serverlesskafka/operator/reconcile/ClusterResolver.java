package io.serverlesskafka.operator.reconcile;

import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.operator.status.ConditionReason;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the ServerlessKafka a topic refers to: {@code namespace/name}, a bare name that exactly one cluster
 * has, or, when the topic names none, the cluster annotated as default (or the only cluster there is).
 */
public final class ClusterResolver {
  public record Resolution(ServerlessKafka cluster, ConditionReason problem, String message) {
    public boolean found() {
      return cluster != null;
    }
  }

  private ClusterResolver() {}

  public static String key(ServerlessKafka cluster) {
    return cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
  }

  public static Resolution resolve(String reference, Collection<ServerlessKafka> clusters) {
    List<ServerlessKafka> candidates;
    String wanted;
    if (reference == null || reference.isBlank()) {
      wanted = "the default cluster";
      candidates = clusters.stream()
          .filter(c -> "true".equals(c.getMetadata().getAnnotations() == null ? null
              : c.getMetadata().getAnnotations().get(ApiGroup.ANNOTATION_DEFAULT_CLUSTER)))
          .toList();
      if (candidates.isEmpty() && clusters.size() == 1) {
        candidates = List.copyOf(clusters);
      }
    } else if (reference.contains("/")) {
      wanted = reference;
      candidates = clusters.stream().filter(c -> key(c).equals(reference)).toList();
    } else {
      wanted = reference;
      candidates = clusters.stream().filter(c -> c.getMetadata().getName().equals(reference)).toList();
    }
    if (candidates.size() == 1) {
      return new Resolution(candidates.get(0), null, null);
    }
    if (candidates.isEmpty()) {
      String known = clusters.isEmpty() ? "none exists"
          : "known: " + clusters.stream().map(ClusterResolver::key).sorted().collect(Collectors.joining(", "));
      String hint = reference == null || reference.isBlank()
          ? " (set spec.cluster, or annotate one ServerlessKafka with " + ApiGroup.ANNOTATION_DEFAULT_CLUSTER + "=\"true\")"
          : "";
      return new Resolution(null, ConditionReason.ClusterNotFound, "ServerlessKafka " + wanted + " not found; " + known + hint);
    }
    return new Resolution(null, ConditionReason.ClusterAmbiguous,
        "several ServerlessKafkas match " + wanted + ": "
            + candidates.stream().map(ClusterResolver::key).sorted().collect(Collectors.joining(", "))
            + "; use namespace/name in spec.cluster");
  }

  /** Whether a topic (by its spec reference and resolved status) belongs to this cluster. */
  public static boolean refersTo(String specReference, String statusCluster, ServerlessKafka cluster) {
    if (statusCluster != null) {
      return statusCluster.equals(key(cluster));
    }
    if (specReference == null) {
      return false;
    }
    return specReference.contains("/") ? specReference.equals(key(cluster)) : specReference.equals(cluster.getMetadata().getName());
  }
}
