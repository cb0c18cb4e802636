package io.serverlesskafka.benchmarks.local;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.WakeUpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Hibernation round trips of a {@code provisioning: OnDemand} cluster on the local cluster: a topic
 * is applied to a hibernating cluster (apply to topic Ready is the cold start a user waits
 * through), then deleted (last topic deleted to Hibernating). The operator's own figure, {@code
 * status.lastWakeUp.coldStartSeconds}, is printed beside the measured one.
 */
final class ColdStartBenchmark {
  private static final String NAMESPACE = "bench-ondemand";
  private static final String CLUSTER = "lazy";
  private final KubernetesClient client;

  ColdStartBenchmark(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Rows: measured apply-to-Ready seconds, the operator's cold start seconds, delete-to-Hibernating
   * seconds.
   */
  List<double[]> run(int wakeUps) throws InterruptedException {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: %s, namespace: %s }
        spec:
          provisioning: OnDemand
          idleAfter: 0s
          brokers: { min: 1, max: 1 }
          controllers: { replicas: 1 }
          topicDefaults: { replicationFactor: 1 }
        """
                        .formatted(CLUSTER, NAMESPACE),
                    ServerlessKafka.class))
        .serverSideApply();
    await("the OnDemand cluster hibernating", this::hibernating);
    List<double[]> rows = new ArrayList<>();
    for (int i = 1; i <= wakeUps; i++) {
      String name = "wake-" + i;
      long applied = System.nanoTime();
      client
          .resource(
              client
                  .getKubernetesSerialization()
                  .unmarshal(
                      """
          apiVersion: serverlesskafka.io/v1alpha1
          kind: ServerlessTopic
          metadata: { name: %s, namespace: %s }
          spec: { cluster: %s/%s, partitions: 1 }
          """
                          .formatted(name, NAMESPACE, NAMESPACE, CLUSTER),
                      ServerlessTopic.class))
          .serverSideApply();
      await("topic " + name + " Ready", () -> topicReady(name));
      double wake = (System.nanoTime() - applied) / 1e9;
      // The topic may be Ready a moment before the cluster's status records the wake-up's end.
      await(
          "status.lastWakeUp.coldStartSeconds",
          () -> wakeUp() != null && wakeUp().getColdStartSeconds() != null);
      WakeUpStatus status = wakeUp();
      long deleted = System.nanoTime();
      client.resources(ServerlessTopic.class).inNamespace(NAMESPACE).withName(name).delete();
      await("hibernating again", this::hibernating);
      double sleep = (System.nanoTime() - deleted) / 1e9;
      System.err.printf(
          "  wake-up %d: topic Ready after %.1f s (operator: cold start %d s), hibernating %.1f s after the delete%n",
          i, wake, status.getColdStartSeconds(), sleep);
      rows.add(new double[] {wake, status.getColdStartSeconds(), sleep});
    }
    return rows;
  }

  private WakeUpStatus wakeUp() {
    ServerlessKafka k =
        client.resources(ServerlessKafka.class).inNamespace(NAMESPACE).withName(CLUSTER).get();
    return k == null || k.getStatus() == null ? null : k.getStatus().getLastWakeUp();
  }

  private boolean hibernating() {
    ServerlessKafka k =
        client.resources(ServerlessKafka.class).inNamespace(NAMESPACE).withName(CLUSTER).get();
    return k != null
        && k.getStatus() != null
        && k.getStatus().getConditions() != null
        && k.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    "Ready".equals(c.getType())
                        && "True".equals(c.getStatus())
                        && "Hibernating".equals(c.getReason()));
  }

  private boolean topicReady(String name) {
    ServerlessTopic t =
        client.resources(ServerlessTopic.class).inNamespace(NAMESPACE).withName(name).get();
    return t != null
        && t.getStatus() != null
        && t.getStatus().getConditions() != null
        && t.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached within 5 minutes: " + what);
      }
      Thread.sleep(100);
    }
  }
}
