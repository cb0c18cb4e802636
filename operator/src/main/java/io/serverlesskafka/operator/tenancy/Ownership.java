package io.serverlesskafka.operator.tenancy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import java.util.Map;
import java.util.Objects;

/**
 * Whether an existing object of the name a topic needs may be written by the operator for that
 * topic. Pure: the object's metadata and the owner in, a verdict out. The rule: only what the
 * operator wrote for this very topic is written again; anything else of that name is left untouched
 * and reported, so that a tenant can never make the operator overwrite (or hand out credentials of)
 * an object someone else made. Two exceptions hand an object to a new topic: a topic retained by an
 * earlier ServerlessTopic of the same name in the same namespace <em>instance</em> (same namespace
 * UID; a re-created namespace of the same name is another tenant), and an object a platform admin
 * marked {@code serverlesskafka.io/adoptable-by: <namespace>}.
 */
public final class Ownership {
  public enum Kind {
    /** No object of that name: create it. */
    ABSENT,
    /** Written by the operator for this topic: apply. */
    OURS,
    /** May be taken over by this topic: apply with this topic as owner. */
    ADOPT,
    /** Someone else's: leave untouched, report Conflict. */
    FOREIGN
  }

  public record Verdict(Kind kind, String why) {
    public boolean writable() {
      return kind != Kind.FOREIGN;
    }
  }

  private Ownership() {}

  /**
   * @param existing the object's metadata, null when there is none
   * @param recordedInStatus whether the topic's status already names this object: an object written
   *     by an earlier version of the operator (which set our labels but no owner annotation) is the
   *     topic's own only then
   */
  public static Verdict judge(ObjectMeta existing, TopicOwner owner, boolean recordedInStatus) {
    if (existing == null) {
      return new Verdict(Kind.ABSENT, null);
    }
    Map<String, String> annotations =
        existing.getAnnotations() == null ? Map.of() : existing.getAnnotations();
    Map<String, String> labels = existing.getLabels() == null ? Map.of() : existing.getLabels();
    String ownerUid = annotations.get(ApiGroup.ANNOTATION_OWNER_UID);
    if (ownerUid != null && ownerUid.equals(owner.uid())) {
      return new Verdict(Kind.OURS, null);
    }
    if (owner.namespace().equals(annotations.get(ApiGroup.ANNOTATION_ADOPTABLE_BY))) {
      return new Verdict(
          Kind.ADOPT,
          "marked "
              + ApiGroup.ANNOTATION_ADOPTABLE_BY
              + "="
              + owner.namespace()
              + " by a platform admin");
    }
    if (ownerUid == null) {
      boolean markedOurs =
          ApiGroup.MANAGED_BY_VALUE.equals(labels.get(ApiGroup.LABEL_MANAGED_BY))
              && owner.namespace().equals(labels.get(ApiGroup.LABEL_TOPIC_NAMESPACE));
      boolean legacyOwnerReference =
          existing.getOwnerReferences() != null
              && owner.uid() != null
              && existing.getOwnerReferences().stream()
                  .anyMatch(r -> owner.uid().equals(r.getUid()));
      if (markedOurs && (legacyOwnerReference || recordedInStatus)) {
        return new Verdict(
            Kind.ADOPT, "written for this topic by an earlier version of the operator");
      }
      return new Verdict(Kind.FOREIGN, "was not created by the operator for this topic");
    }
    if (!owner.reference().equals(annotations.get(ApiGroup.ANNOTATION_OWNER))) {
      return new Verdict(Kind.FOREIGN, "belongs to " + annotations.get(ApiGroup.ANNOTATION_OWNER));
    }
    String recordedNamespace = annotations.get(ApiGroup.ANNOTATION_NAMESPACE_UID);
    if (recordedNamespace == null) {
      return new Verdict(
          Kind.FOREIGN,
          "was written for an earlier ServerlessTopic "
              + owner.name()
              + " (UID "
              + ownerUid
              + "), which is gone; delete it to let this topic write its own");
    }
    if (Objects.equals(recordedNamespace, owner.namespaceUid())) {
      return new Verdict(
          Kind.ADOPT,
          "retained by an earlier ServerlessTopic " + owner.name() + " of this namespace");
    }
    return new Verdict(
        Kind.FOREIGN,
        "was kept from an earlier ServerlessTopic "
            + owner.name()
            + " of an earlier namespace "
            + owner.namespace()
            + " (deleted and re-created since); a platform admin can hand it over with the annotation "
            + ApiGroup.ANNOTATION_ADOPTABLE_BY
            + "="
            + owner.namespace());
  }

  /**
   * Whether a KafkaTopic or KafkaUser found anywhere belongs to the topic, for deleting it: it
   * carries the topic's UID; or, written by an earlier version (no owner annotation), it has the
   * topic's Kafka name, our labels for the topic's namespace, and lives in the namespace of the
   * cluster the topic's status names.
   */
  public static boolean ownedForCleanup(
      ObjectMeta meta, TopicOwner owner, String kafkaName, String pinnedNamespace) {
    Map<String, String> annotations =
        meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    if (annotations.containsKey(ApiGroup.ANNOTATION_OWNER_UID)) {
      return annotations.get(ApiGroup.ANNOTATION_OWNER_UID).equals(owner.uid());
    }
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
    return meta.getNamespace() != null
        && meta.getNamespace().equals(pinnedNamespace)
        && kafkaName.equals(meta.getName())
        && ApiGroup.MANAGED_BY_VALUE.equals(labels.get(ApiGroup.LABEL_MANAGED_BY))
        && owner.namespace().equals(labels.get(ApiGroup.LABEL_TOPIC_NAMESPACE));
  }
}
