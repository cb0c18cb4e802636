package io.serverlesskafka.operator.tenancy;

import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ServerlessTopic that owns what the operator writes for it, as recorded on those objects: its
 * name, its UID (a re-created topic of the same name has another) and, when known, the UID of its
 * namespace (a re-created namespace of the same name has another).
 */
public record TopicOwner(String namespace, String name, String uid, String namespaceUid) {
  public static TopicOwner of(ServerlessTopic topic, String namespaceUid) {
    return new TopicOwner(
        topic.getMetadata().getNamespace(),
        topic.getMetadata().getName(),
        topic.getMetadata().getUid(),
        namespaceUid);
  }

  /** Value of the owner annotation: {@code ServerlessTopic/<namespace>/<name>}. */
  public String reference() {
    return "ServerlessTopic/" + namespace + "/" + name;
  }

  /**
   * The owner annotations; the namespace UID only where it is known (objects outside the topic's
   * namespace).
   */
  public Map<String, String> annotations() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(ApiGroup.ANNOTATION_OWNER, reference());
    if (uid != null) {
      a.put(ApiGroup.ANNOTATION_OWNER_UID, uid);
    }
    if (namespaceUid != null) {
      a.put(ApiGroup.ANNOTATION_NAMESPACE_UID, namespaceUid);
    }
    return a;
  }
}
