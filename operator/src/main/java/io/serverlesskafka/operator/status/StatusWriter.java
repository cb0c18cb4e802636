package io.serverlesskafka.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes the status of our resources: a JSON merge patch of {@code /status},
 * with no resourceVersion so that it never conflicts with spec edits made meanwhile.
 */
public final class StatusWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Merge-patches {@code status}; returns the object as written, or null when it is gone. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> T write(T resource, Object status) {
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("status", status);
    String json = client.getKubernetesSerialization().asJson(patch);
    try {
      return (T)
          client
              .resources(resource.getClass())
              .inNamespace(resource.getMetadata().getNamespace())
              .withName(resource.getMetadata().getName())
              .subresource("status")
              .patch(PatchContext.of(PatchType.JSON_MERGE), json);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        LOG.debug(
            "{}/{} is gone; status not written",
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getName());
        return null;
      }
      throw e;
    }
  }

  /**
   * Writes {@code status} and removes the fields named in {@code cleared} that it leaves null: in a
   * merge patch an absent field keeps its old value, only an explicit null removes it.
   */
  public <T extends HasMetadata> T write(T resource, Object status, Set<String> cleared) {
    if (cleared.isEmpty()) {
      return write(resource, status);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields =
        new LinkedHashMap<>(client.getKubernetesSerialization().convertValue(status, Map.class));
    for (String field : cleared) {
      fields.putIfAbsent(field, null);
    }
    return write(resource, fields);
  }
}
