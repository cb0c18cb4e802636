package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.operator.rbac.ApiCall;
import io.serverlesskafka.operator.rbac.ApiCallRecorder;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The requests the operator really sends (recorded by its client in {@link TestEnvironment}) are
 * all in the list of calls the chart's RBAC is checked against (ChartRbacTest). Runs a cluster's
 * and a topic's life itself, and sees whatever the other tests in this JVM made the operator do
 * before.
 */
class OperatorApiCallsIT {
  @Test
  void everyRequestTheOperatorSendsIsAListedCall() throws Exception {
    TestEnvironment env = TestEnvironment.get();
    String tenant = env.newNamespace("calls-tenant");
    String ns = env.newSharedCluster("calls");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(env.clusterReadyState(ns, "shared")));
    assertThat(
            env.kubectl
                .apply(
                    """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: calls, namespace: %s }
        spec: { cluster: %s/shared }
        """
                        .formatted(tenant, ns))
                .exitCode())
        .isZero();
    assertThat(
            env.kubectl
                .run(
                    null,
                    "wait",
                    "--for=condition=Ready",
                    "stopic/calls",
                    "-n",
                    tenant,
                    "--timeout=60s")
                .exitCode())
        .isZero();
    assertThat(
            env.kubectl
                .run(null, "delete", "stopic", "calls", "-n", tenant, "--timeout=60s")
                .exitCode())
        .isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Integer.valueOf(0)
                    .equals(
                        env.client
                            .resources(ServerlessKafka.class)
                            .inNamespace(ns)
                            .withName("shared")
                            .get()
                            .getStatus()
                            .getTopics()));
    // The autoscaler's resize needs real brokers to be decided; its call (NodePoolRealizer.scaleTo)
    // is made
    // here as it makes it, through a recording client of its own.
    ApiCallRecorder scaleCalls = new ApiCallRecorder();
    try (var recording =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(env.apiServer.config())
            .withHttpClientBuilderConsumer(
                b -> b.addOrReplaceInterceptor("api-call-recorder", scaleCalls))
            .build()) {
      recording.resources(KafkaNodePool.class).inNamespace(ns).withName("shared-brokers").scale(4);
    }
    assertThat(scaleCalls.calls())
        .contains(new ApiCall("kafka.strimzi.io", "kafkanodepools/scale", "update"));
    assertThat(
            env.kubectl
                .run(null, "delete", "skafka", "shared", "-n", ns, "--timeout=60s")
                .exitCode())
        .isZero();

    Set<ApiCall> allowed = ApiCall.listed();
    Set<ApiCall> unlisted = new TreeSet<>(env.operatorCalls.calls());
    unlisted.addAll(scaleCalls.calls());
    unlisted.removeAll(allowed);
    System.out.println("operator API calls seen: " + env.operatorCalls.calls());
    assertThat(unlisted)
        .as(
            "requests the operator sent that operator-api-calls.txt (and so the chart) does not list")
        .isEmpty();
  }
}
