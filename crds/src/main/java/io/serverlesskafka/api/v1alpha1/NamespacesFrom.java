package io.serverlesskafka.api.v1alpha1;

/**
 * Which namespaces may place ServerlessTopics on a cluster, in the words of Gateway API's
 * allowedRoutes.
 */
public enum NamespacesFrom {
  /**
   * Only the cluster's own namespace (the default: a new cluster serves nobody else until its owner
   * says so).
   */
  Same,
  /** Every namespace. */
  All,
  /** Namespaces whose labels match {@code selector}. */
  Selector
}
