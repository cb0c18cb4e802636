package io.serverlesskafka.operator.reconcile;

import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status this operator last wrote for each cluster, with the resourceVersion the write
 * produced. A reconcile woken by another object's change can run before the informer has seen the
 * previous status write; deciding from that stale copy would take the same transition twice and say
 * it twice (two Events for one refused deletion). Only this operator writes the fields the decision
 * reads, so the newer of the two copies is the truth.
 */
final class WrittenStatus {
  private record Written(
      long resourceVersion, io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus status) {}

  private final Map<String, Written> written = new ConcurrentHashMap<>();

  /**
   * Remembers what a status write returned (the patched cluster); null (it was gone) is ignored.
   */
  void remember(ServerlessKafka patched) {
    if (patched == null || patched.getStatus() == null) {
      return;
    }
    Long version = version(patched);
    if (version != null) {
      written.put(patched.getMetadata().getUid(), new Written(version, patched.getStatus()));
    }
  }

  /**
   * The cluster as the informer holds it, with the status last written if that is newer: a shallow
   * copy, the informer's object is not changed.
   */
  ServerlessKafka freshest(ServerlessKafka cached) {
    Written w = written.get(cached.getMetadata().getUid());
    Long cachedVersion = version(cached);
    if (w == null || cachedVersion == null || cachedVersion >= w.resourceVersion()) {
      return cached;
    }
    ServerlessKafka view = new ServerlessKafka();
    view.setApiVersion(cached.getApiVersion());
    view.setKind(cached.getKind());
    view.setMetadata(cached.getMetadata());
    view.setSpec(cached.getSpec());
    view.setStatus(w.status());
    return view;
  }

  void forget(ServerlessKafka cluster) {
    written.remove(cluster.getMetadata().getUid());
  }

  int trackedEntries() {
    return written.size();
  }

  /** resourceVersions are opaque; the API server's are etcd revisions, which grow. */
  private static Long version(ServerlessKafka cluster) {
    try {
      return Long.valueOf(cluster.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return null;
    }
  }
}
