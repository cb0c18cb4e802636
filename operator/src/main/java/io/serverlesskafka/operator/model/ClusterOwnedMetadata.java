package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metadata of an object the operator writes for a ServerlessKafka, in the cluster's namespace: our labels, and
 * the cluster as controlling owner so that the garbage collector removes the object with the cluster.
 */
public final class ClusterOwnedMetadata {
  private ClusterOwnedMetadata() {}

  public static ObjectMeta of(ServerlessKafka cluster, String objectName, Map<String, String> extraLabels) {
    String clusterName = cluster.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ApiGroup.LABEL_MANAGED_BY, ApiGroup.MANAGED_BY_VALUE);
    labels.put(ApiGroup.LABEL_CLUSTER, clusterName);
    labels.putAll(extraLabels);
    return new ObjectMetaBuilder()
        .withName(objectName)
        .withNamespace(cluster.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(ControllerReference.to(cluster))
        .build();
  }
}
