package io.serverlesskafka.devcluster.strimzi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.common.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helpers of the batched realizers: the per-resource Kubernetes calls of a batch (finalizers,
 * Secrets, status) run in parallel on a pool, and a status is written only when it changed.
 */
final class Batches {
  private static final Logger LOG = LoggerFactory.getLogger(Batches.class);

  private Batches() {}

  /**
   * Runs {@code work} for every item on {@code pool} and waits for all; returns the items it
   * succeeded for, in order. A failure is logged (and the item retried at a later pass, as its
   * status is not written), it does not stop the others.
   */
  static <T extends HasMetadata> List<T> each(
      ExecutorService pool, List<T> items, String what, Consumer<T> work) {
    List<CompletableFuture<T>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                work.accept(item);
                return item;
              },
              pool));
    }
    List<T> done = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      try {
        done.add(futures.get(i).join());
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        HasMetadata r = items.get(i);
        LOG.warn(
            "local Strimzi: {} of {} {}/{} failed: {}",
            what,
            r.getKind(),
            r.getMetadata().getNamespace(),
            r.getMetadata().getName(),
            cause.toString());
        LOG.debug("details", cause);
      }
    }
    return done;
  }

  /**
   * The conditions with the {@code lastTransitionTime} of the previous condition of the same type
   * and status kept, as Strimzi's operators do: the time says when the condition last changed, not
   * when the resource was last reconciled.
   */
  static List<Condition> keepTransitionTimes(List<Condition> previous, List<Condition> next) {
    if (previous == null) {
      return next;
    }
    for (Condition c : next) {
      previous.stream()
          .filter(p -> Objects.equals(p.getType(), c.getType()))
          .filter(p -> Objects.equals(p.getStatus(), c.getStatus()))
          .filter(p -> Objects.equals(p.getReason(), c.getReason()))
          .filter(p -> Objects.equals(p.getMessage(), c.getMessage()))
          .findFirst()
          .ifPresent(p -> c.setLastTransitionTime(p.getLastTransitionTime()));
    }
    return next;
  }

  /**
   * Writes the status unless the resource (as the informer last saw it) has the very same one: a
   * periodic re-check of a Ready resource then writes nothing, and wakes neither the operator nor
   * this stand-in.
   */
  static void writeIfChanged(
      KubernetesClient client,
      StatusWriter writer,
      HasMetadata resource,
      Object previous,
      Object next) {
    if (previous != null) {
      var json = client.getKubernetesSerialization();
      if (json.asJson(previous).equals(json.asJson(next))) {
        return;
      }
    }
    writer.write(resource, next);
  }
}
