package io.serverlesskafka.operator.tenancy;

import io.serverlesskafka.api.v1alpha1.NamespacesFrom;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.TopicNamespaces;
import java.util.Map;

/**
 * Whether a ServerlessKafka accepts topics from a namespace ({@code
 * spec.allowedTopics.namespaces}). Absent means {@code Same}, as in Gateway API: a cluster serves
 * only its own namespace until its owner opens it, so creating a ServerlessKafka never hands
 * tenants a cluster nobody meant them to use.
 */
public final class ClusterAccess {
  private ClusterAccess() {}

  public static NamespacesFrom from(ServerlessKafka cluster) {
    TopicNamespaces namespaces = namespaces(cluster);
    return namespaces == null || namespaces.getFrom() == null
        ? NamespacesFrom.Same
        : namespaces.getFrom();
  }

  /**
   * @param namespaceLabels the topic namespace's labels (the API server sets
   *     kubernetes.io/metadata.name itself)
   */
  public static boolean allows(
      ServerlessKafka cluster, String topicNamespace, Map<String, String> namespaceLabels) {
    return switch (from(cluster)) {
      case All -> true;
      case Same -> cluster.getMetadata().getNamespace().equals(topicNamespace);
      case Selector ->
          LabelSelectorMatch.matches(namespaces(cluster).getSelector(), namespaceLabels);
    };
  }

  private static TopicNamespaces namespaces(ServerlessKafka cluster) {
    return cluster.getSpec() == null || cluster.getSpec().getAllowedTopics() == null
        ? null
        : cluster.getSpec().getAllowedTopics().getNamespaces();
  }
}
