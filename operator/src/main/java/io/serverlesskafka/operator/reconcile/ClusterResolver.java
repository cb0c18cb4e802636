package io.serverlesskafka.operator.reconcile;

import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.tenancy.ClusterAccess;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds the ServerlessKafka a topic lives on. Once a topic has been placed, its cluster is pinned
 * in {@code status.cluster} and only that key is looked up, so a new default annotation or a new
 * cluster of the same bare name never moves or breaks it. Before that: {@code namespace/name}, a
 * bare name, or, when the topic names none, the cluster annotated as default (or the only cluster),
 * among the clusters that accept topics from the topic's namespace ({@link ClusterAccess}).
 * Messages name only what the tenant asked for and clusters that accept its namespace, never the
 * others.
 */
public final class ClusterResolver {
  public record Resolution(ServerlessKafka cluster, ConditionReason problem, String message) {
    public boolean found() {
      return cluster != null;
    }

    static Resolution of(ServerlessKafka cluster) {
      return new Resolution(cluster, null, null);
    }

    static Resolution problem(ConditionReason reason, String message) {
      return new Resolution(null, reason, message);
    }
  }

  /** The namespace a topic is in, with its labels (for {@code from: Selector}). */
  public record TopicNamespace(String name, Map<String, String> labels) {}

  private ClusterResolver() {}

  public static String key(ServerlessKafka cluster) {
    return cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
  }

  /**
   * @param reference the topic's spec.cluster (may be null)
   * @param pinned the topic's status.cluster (null until the topic has been placed)
   */
  public static Resolution resolve(
      String reference, String pinned, Collection<ServerlessKafka> clusters, TopicNamespace ns) {
    if (pinned != null) {
      return resolvePinned(reference, pinned, clusters, ns);
    }
    List<ServerlessKafka> allowed = clusters.stream().filter(c -> allows(c, ns)).toList();
    Resolution r;
    if (reference == null || reference.isBlank()) {
      r = resolveDefault(clusters, allowed, ns);
    } else {
      List<ServerlessKafka> named = clusters.stream().filter(c -> names(reference, c)).toList();
      List<ServerlessKafka> candidates = named.stream().filter(c -> allows(c, ns)).toList();
      if (candidates.size() == 1) {
        r = Resolution.of(candidates.get(0));
      } else if (candidates.size() > 1) {
        r =
            Resolution.problem(
                ConditionReason.ClusterAmbiguous,
                "several ServerlessKafkas match "
                    + reference
                    + ": "
                    + keys(candidates)
                    + "; use namespace/name in spec.cluster");
      } else if (!named.isEmpty()) {
        r =
            Resolution.problem(
                ConditionReason.ClusterNotAllowed, notAllowed("ServerlessKafka " + reference, ns));
      } else {
        r =
            Resolution.problem(
                ConditionReason.ClusterNotFound,
                "ServerlessKafka " + reference + " not found; " + known(allowed, ns));
      }
    }
    if (r.found() && r.cluster().getMetadata().getDeletionTimestamp() != null) {
      return Resolution.problem(
          ConditionReason.ClusterDeleting,
          "ServerlessKafka " + key(r.cluster()) + " is being deleted and takes no new topics");
    }
    return r;
  }

  private static Resolution resolvePinned(
      String reference, String pinned, Collection<ServerlessKafka> clusters, TopicNamespace ns) {
    ServerlessKafka cluster =
        clusters.stream().filter(c -> key(c).equals(pinned)).findFirst().orElse(null);
    if (cluster == null) {
      return Resolution.problem(
          ConditionReason.ClusterNotFound,
          "ServerlessKafka "
              + pinned
              + ", which this topic lives on (status.cluster), no longer exists");
    }
    if (reference != null && !reference.isBlank() && !names(reference, cluster)) {
      return Resolution.problem(
          ConditionReason.ClusterChanged,
          "spec.cluster "
              + reference
              + " does not name "
              + pinned
              + ", the cluster this topic lives on; a topic cannot move between clusters: create a new ServerlessTopic instead");
    }
    if (!allows(cluster, ns)) {
      return Resolution.problem(
          ConditionReason.ClusterNotAllowed,
          "ServerlessKafka "
              + pinned
              + " no longer accepts topics from namespace "
              + ns.name()
              + " (its spec.allowedTopics.namespaces); the topic and its credentials are kept but no longer"
              + " updated: ask the cluster's owner to allow this namespace again, or move the topic's"
              + " users to a cluster that does");
    }
    // A cluster being deleted keeps serving the topics it has: the deletion waits for them.
    return Resolution.of(cluster);
  }

  private static Resolution resolveDefault(
      Collection<ServerlessKafka> clusters, List<ServerlessKafka> allowed, TopicNamespace ns) {
    List<ServerlessKafka> defaults = allowed.stream().filter(ClusterResolver::isDefault).toList();
    if (defaults.size() == 1) {
      return Resolution.of(defaults.get(0));
    }
    if (defaults.size() > 1) {
      return Resolution.problem(
          ConditionReason.ClusterAmbiguous,
          "several ServerlessKafkas are marked "
              + ApiGroup.ANNOTATION_DEFAULT_CLUSTER
              + ": "
              + keys(defaults)
              + "; set spec.cluster to one of them");
    }
    if (allowed.size() == 1 && clusters.stream().noneMatch(ClusterResolver::isDefault)) {
      return Resolution.of(allowed.get(0));
    }
    if (clusters.stream().anyMatch(ClusterResolver::isDefault)) {
      return Resolution.problem(
          ConditionReason.ClusterNotAllowed, notAllowed("the default ServerlessKafka", ns));
    }
    return Resolution.problem(
        ConditionReason.ClusterNotFound,
        "no default ServerlessKafka; "
            + known(allowed, ns)
            + " (set spec.cluster, or ask your platform team to annotate one with "
            + ApiGroup.ANNOTATION_DEFAULT_CLUSTER
            + "=\"true\")");
  }

  private static String notAllowed(String what, TopicNamespace ns) {
    return what
        + " does not accept topics from namespace "
        + ns.name()
        + " (its spec.allowedTopics.namespaces); ask the cluster's owner to allow this namespace";
  }

  private static String known(List<ServerlessKafka> allowed, TopicNamespace ns) {
    return allowed.isEmpty()
        ? "no ServerlessKafka accepts topics from namespace " + ns.name()
        : "clusters that accept topics from namespace " + ns.name() + ": " + keys(allowed);
  }

  private static String keys(List<ServerlessKafka> clusters) {
    return clusters.stream().map(ClusterResolver::key).sorted().collect(Collectors.joining(", "));
  }

  private static boolean allows(ServerlessKafka cluster, TopicNamespace ns) {
    return ClusterAccess.allows(cluster, ns.name(), ns.labels());
  }

  private static boolean isDefault(ServerlessKafka c) {
    return "true"
        .equals(
            c.getMetadata().getAnnotations() == null
                ? null
                : c.getMetadata().getAnnotations().get(ApiGroup.ANNOTATION_DEFAULT_CLUSTER));
  }

  private static boolean names(String reference, ServerlessKafka cluster) {
    return reference.contains("/")
        ? reference.equals(key(cluster))
        : reference.equals(cluster.getMetadata().getName());
  }

  /**
   * Whether a topic uses this cluster: it has been placed on it ({@code status.cluster}). A topic
   * that only names the cluster in spec, but was refused (not allowed, not found) or not reconciled
   * yet, has nothing on the cluster, and must not keep it from being deleted, hibernating or waking
   * up.
   */
  public static boolean refersTo(
      String specReference, String statusCluster, ServerlessKafka cluster) {
    return statusCluster != null && statusCluster.equals(key(cluster));
  }

  /**
   * Whether a change to this cluster may change the resolution of a topic (for the informer's event
   * mapping).
   */
  public static boolean mayResolveTo(String statusCluster, ServerlessKafka cluster) {
    return statusCluster == null || statusCluster.equals(key(cluster));
  }
}
