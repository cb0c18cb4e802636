package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.operator.tenancy.TopicOwner;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metadata of an object the operator writes for a ServerlessTopic in the tenant's namespace (its
 * client Secret, its KEDA objects): our labels, the owner annotations (the topic's name and UID,
 * see {@link io.serverlesskafka.operator.tenancy.Ownership}), and the topic as controlling owner so
 * that the garbage collector removes the object with the topic even if the operator is gone.
 */
public final class TopicOwnedMetadata {
  private TopicOwnedMetadata() {}

  public static ObjectMeta of(
      ServerlessTopic topic, String objectName, Map<String, String> extraLabels) {
    TopicNames names = TopicNames.of(topic);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ApiGroup.LABEL_MANAGED_BY, ApiGroup.MANAGED_BY_VALUE);
    labels.put(ApiGroup.LABEL_TOPIC_NAMESPACE, names.namespace());
    labels.putAll(extraLabels);
    return new ObjectMetaBuilder()
        .withName(objectName)
        .withNamespace(names.namespace())
        .withLabels(labels)
        .withAnnotations(TopicOwner.of(topic, null).annotations())
        .withOwnerReferences(ControllerReference.to(topic))
        .build();
  }
}
