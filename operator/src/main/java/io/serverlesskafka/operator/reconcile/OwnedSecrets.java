package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.operator.tenancy.Ownership;

/**
 * Tells whether a Secret in a tenant's namespace is a topic's own without reading it: the operator
 * reads no Secrets in tenant namespaces (they are not its to read). A JSON patch made only of a
 * {@code test} of the owner-UID annotation changes nothing; the API server answers 404 when there
 * is no such Secret and 422 when the test fails, i.e. the Secret is someone else's.
 */
public final class OwnedSecrets {
  private final KubernetesClient client;

  public OwnedSecrets(KubernetesClient client) {
    this.client = client;
  }

  /** ABSENT, OURS or FOREIGN; never ADOPT. */
  public Ownership.Kind probe(String namespace, String name, String ownerUid) {
    if (ownerUid == null) {
      return Ownership.Kind.FOREIGN;
    }
    try {
      test(
          namespace,
          name,
          "/metadata/annotations/" + pointer(ApiGroup.ANNOTATION_OWNER_UID),
          ownerUid);
      return Ownership.Kind.OURS;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Ownership.Kind.ABSENT;
      }
      if (!testFailed(e)) {
        throw e;
      }
    }
    try {
      // Written by an earlier version: no owner annotation, but the topic as its (only) controlling
      // owner reference.
      test(namespace, name, "/metadata/ownerReferences/0/uid", ownerUid);
      return Ownership.Kind.OURS;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Ownership.Kind.ABSENT;
      }
      if (testFailed(e)) {
        return Ownership.Kind.FOREIGN;
      }
      throw e;
    }
  }

  /** Deletes the Secret if it is the owner's; true if it did. */
  public boolean deleteIfOwned(String namespace, String name, String ownerUid) {
    if (probe(namespace, name, ownerUid) != Ownership.Kind.OURS) {
      return false;
    }
    return !client.secrets().inNamespace(namespace).withName(name).delete().isEmpty();
  }

  private void test(String namespace, String name, String path, String value) {
    String patch = "[{\"op\":\"test\",\"path\":\"" + path + "\",\"value\":\"" + value + "\"}]";
    client
        .secrets()
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON), patch);
  }

  private static boolean testFailed(KubernetesClientException e) {
    return e.getCode() == 422;
  }

  /** JSON pointer escaping (RFC 6901) of one path segment. */
  private static String pointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
