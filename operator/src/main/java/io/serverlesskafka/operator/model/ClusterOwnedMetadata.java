package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Metadata of an object the operator writes for a ServerlessKafka, in the cluster's namespace: our
 * labels and an owner annotation with the cluster's UID, and deliberately no owner reference. An
 * owner reference would let the garbage collector delete the brokers with the ServerlessKafka
 * (foreground deletion, a GitOps prune) while the operator still refuses the deletion because
 * topics live on them; the operator removes these objects itself, once deletion is allowed
 * (docs/architecture.md, "Deleting a cluster").
 */
public final class ClusterOwnedMetadata {
  /** {@code ServerlessKafka/<namespace>/<name>} of the owner (the same key the topic side uses). */
  public static final String ANNOTATION_OWNER = ApiGroup.GROUP + "/owner";

  /** The owner's UID: a re-created cluster of the same name is a different owner. */
  public static final String ANNOTATION_OWNER_UID = ApiGroup.GROUP + "/owner-uid";

  private ClusterOwnedMetadata() {}

  public static ObjectMeta of(
      ServerlessKafka cluster, String objectName, Map<String, String> extraLabels) {
    String clusterName = cluster.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ApiGroup.LABEL_MANAGED_BY, ApiGroup.MANAGED_BY_VALUE);
    labels.put(ApiGroup.LABEL_CLUSTER, clusterName);
    labels.putAll(extraLabels);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(ANNOTATION_OWNER, owner(cluster));
    if (cluster.getMetadata().getUid() != null) {
      annotations.put(ANNOTATION_OWNER_UID, cluster.getMetadata().getUid());
    }
    return new ObjectMetaBuilder()
        .withName(objectName)
        .withNamespace(cluster.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .build();
  }

  /** True when {@code object} was written for this very cluster (same name and UID). */
  public static boolean ownedBy(HasMetadata object, ServerlessKafka cluster) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations != null
        && owner(cluster).equals(annotations.get(ANNOTATION_OWNER))
        && Objects.equals(cluster.getMetadata().getUid(), annotations.get(ANNOTATION_OWNER_UID));
  }

  private static String owner(ServerlessKafka cluster) {
    return "ServerlessKafka/"
        + cluster.getMetadata().getNamespace()
        + "/"
        + cluster.getMetadata().getName();
  }
}
