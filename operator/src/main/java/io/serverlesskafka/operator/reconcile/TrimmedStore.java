package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer's store that keeps only what the operator reads of each object. An informer holds
 * every object it watches for as long as it runs, and at thousands of topics most of that is what
 * nobody reads: the {@code managedFields} of server-side apply (often the largest part of a small
 * object) and, for informers that only map events back to their primary, the spec and status.
 *
 * <p>Only for an informer that watches all namespaces: JOSDK gives one store to every per-namespace
 * informer of a configuration, and a relist of one namespace would then drop the others' entries.
 */
public final class TrimmedStore<T extends HasMetadata> implements ItemStore<T> {
  private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
  private final UnaryOperator<T> trim;

  private TrimmedStore(UnaryOperator<T> trim) {
    this.trim = trim;
  }

  /** Drops {@code metadata.managedFields}; everything else stays. */
  public static <T extends HasMetadata> TrimmedStore<T> withoutManagedFields() {
    return new TrimmedStore<>(
        o -> {
          o.getMetadata().setManagedFields(null);
          return o;
        });
  }

  /**
   * Keeps what {@code keep} copies out of each object (with its metadata less managedFields); the
   * copy is what the cache returns, so a reconciler may read only the fields it kept.
   */
  public static <T extends HasMetadata> TrimmedStore<T> keeping(UnaryOperator<T> keep) {
    return new TrimmedStore<>(
        o -> {
          o.getMetadata().setManagedFields(null);
          return keep.apply(o);
        });
  }

  @Override
  public String getKey(T obj) {
    return store.getKey(obj);
  }

  @Override
  public T put(String key, T obj) {
    return store.put(key, trim.apply(obj));
  }

  @Override
  public T remove(String key) {
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet();
  }

  @Override
  public Stream<T> values() {
    return store.values();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public T get(String key) {
    return store.get(key);
  }
}
