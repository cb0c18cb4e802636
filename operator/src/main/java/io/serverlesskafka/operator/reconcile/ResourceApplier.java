package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Applies desired objects with server-side apply under the operator's field manager. Fields others
 * own (Strimzi's status, a user's extra labels) are left alone, and applying the same object twice
 * is a no-op.
 */
public final class ResourceApplier {
  public static final String FIELD_MANAGER = "serverless-kafka-operator";
  private final KubernetesClient client;

  public ResourceApplier(KubernetesClient client) {
    this.client = client;
  }

  public <T extends HasMetadata> T apply(T desired) {
    desired.getMetadata().setResourceVersion(null);
    desired.getMetadata().setManagedFields(null);
    return client
        .resource(desired)
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(FIELD_MANAGER)
                .withForce(true)
                .build());
  }

  /**
   * Applies only if the object is still at {@code resourceVersion} (else a 409 conflict): for a
   * field read live and written back, so that a change made in between (a scale) is not
   * overwritten.
   */
  public <T extends HasMetadata> T applyIfUnchanged(T desired, String resourceVersion) {
    desired.getMetadata().setManagedFields(null);
    desired.getMetadata().setResourceVersion(resourceVersion);
    return client
        .resource(desired)
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(FIELD_MANAGER)
                .withForce(true)
                .build());
  }

  public <T extends HasMetadata> boolean delete(Class<T> type, String namespace, String name) {
    return !client.resources(type).inNamespace(namespace).withName(name).delete().isEmpty();
  }
}
