package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * The controlling owner reference to one of our resources, so that the garbage collector removes
 * what the operator wrote with its owner even when the operator is gone.
 */
final class ControllerReference {
  private ControllerReference() {}

  static OwnerReference to(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(HasMetadata.getApiVersion(owner.getClass()))
        .withKind(HasMetadata.getKind(owner.getClass()))
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
