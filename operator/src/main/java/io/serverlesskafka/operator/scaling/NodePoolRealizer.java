package io.serverlesskafka.operator.scaling;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.serverlesskafka.autoscaler.scaling.ScaleDecision;
import io.serverlesskafka.autoscaler.scaling.ScalingRealizer;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Carries out a scaling decision on the broker KafkaNodePool. Up: raise {@code spec.replicas}; the
 * rebalancer fills the new brokers once they register. Down: Strimzi removes the highest node IDs
 * of the pool and refuses while they hold replicas, so those brokers are drained first and the
 * replicas lowered afterwards.
 */
public final class NodePoolRealizer implements ScalingRealizer {
  private final KubernetesClient client;
  private final String namespace;
  private final String pool;
  private final BiConsumer<Set<Integer>, Runnable> drain;

  /**
   * @param drain empties the given brokers, then runs the callback
   */
  public NodePoolRealizer(
      KubernetesClient client,
      String namespace,
      String pool,
      BiConsumer<Set<Integer>, Runnable> drain) {
    this.client = client;
    this.namespace = namespace;
    this.pool = pool;
    this.drain = drain;
  }

  @Override
  public void realize(ScaleDecision decision) {
    int target = decision.targetBrokers();
    if (target > decision.currentBrokers()) {
      scaleTo(target);
      return;
    }
    KafkaNodePool current =
        client.resources(KafkaNodePool.class).inNamespace(namespace).withName(pool).get();
    if (current.getSpec().getReplicas() <= target) {
      return; // already asked for: Strimzi is still removing the drained brokers
    }
    List<Integer> ids =
        current.getStatus() == null || current.getStatus().getNodeIds() == null
            ? List.of()
            : current.getStatus().getNodeIds();
    Set<Integer> removed = highest(ids, ids.size() - target);
    int before = current.getSpec().getReplicas();
    // Lowered only if nothing changed the pool during the drain: a scale-up decided meanwhile must
    // not be undone.
    drain.accept(removed, () -> replaceReplicas(client, namespace, pool, before, target));
  }

  /**
   * Sets the pool's {@code spec.replicas} if it still is {@code expected}, in one JSON patch whose
   * {@code test} makes the API server refuse it otherwise; false when refused (or when the pool is
   * gone).
   */
  public static boolean replaceReplicas(
      KubernetesClient client, String namespace, String pool, int expected, int replicas) {
    String patch =
        "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":"
            + expected
            + "},"
            + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":"
            + replicas
            + "}]";
    try {
      client
          .resources(KafkaNodePool.class)
          .inNamespace(namespace)
          .withName(pool)
          .patch(PatchContext.of(PatchType.JSON), patch);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422 || e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  static Set<Integer> highest(List<Integer> ids, int count) {
    TreeSet<Integer> sorted = new TreeSet<>(ids);
    Set<Integer> result = new TreeSet<>();
    while (result.size() < count && !sorted.isEmpty()) {
      result.add(sorted.pollLast());
    }
    return result;
  }

  private void scaleTo(int replicas) {
    client.resources(KafkaNodePool.class).inNamespace(namespace).withName(pool).scale(replicas);
  }
}
