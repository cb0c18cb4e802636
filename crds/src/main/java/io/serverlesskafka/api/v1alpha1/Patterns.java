package io.serverlesskafka.api.v1alpha1;

/**
 * Formats checked by the API server through the CRD schema, and by the operator when it parses
 * them.
 */
public final class Patterns {
  /** A Kubernetes-style byte quantity: 100Gi, 500Mi, 1G, 1073741824. */
  public static final String QUANTITY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|K|M|G|T|P)?$";

  /** A duration: 500ms, 30s, 15m, 2h, 7d. */
  public static final String DURATION = "^[0-9]+(ms|s|m|h|d)$";

  /** A retention time: a duration, or -1 for no time limit. */
  public static final String RETENTION_TIME = "^([0-9]+(ms|s|m|h|d)|-1)$";

  /** A retention size: a byte quantity, or -1 for no size limit. */
  public static final String RETENTION_BYTES = "^([0-9]+(Ki|Mi|Gi|Ti|Pi|K|M|G|T|P)?|-1)$";

  /** A reference to a ServerlessKafka: name, or namespace/name. */
  public static final String CLUSTER_REF =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?/)?[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  private Patterns() {}
}
