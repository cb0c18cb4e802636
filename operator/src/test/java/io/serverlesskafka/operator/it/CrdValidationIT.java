package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.localkube.Kubectl;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad manifests are refused by the API server itself, with a message that names the field; {@code
 * kubectl get} shows the printer columns in a useful order, AGE last.
 */
class CrdValidationIT {
  static Kubectl kubectl;
  static String ns;

  @BeforeAll
  static void setUp() {
    TestEnvironment env = TestEnvironment.get();
    kubectl = env.kubectl;
    ns = env.newNamespace("validation");
  }

  private static String topic(String name, String spec) {
    return """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec:
        %s
        """
        .formatted(name, ns, spec.indent(2));
  }

  private static String cluster(String name, String spec) {
    return """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: %s, namespace: %s }
        spec:
        %s
        """
        .formatted(name, ns, spec.indent(2));
  }

  /** The column headers of {@code kubectl get}, as a user reads them. */
  private static java.util.List<String> header(String... args) {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("get"));
    command.addAll(java.util.List.of(args));
    command.addAll(java.util.List.of("-n", ns));
    Kubectl.Result result = kubectl.run(null, command.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
    return java.util.List.of(
        result.output().lines().findFirst().orElseThrow().trim().split(" {2,}"));
  }

  @Test
  void kubectlGetShowsTheColumnsInTheOrderTheClassesDeclareThemWithAgeLast() {
    assertThat(kubectl.apply(cluster("columns", "brokers: { min: 1, max: 1 }")).exitCode())
        .isZero();
    assertThat(kubectl.apply(topic("columns", "cluster: somewhere/none")).exitCode()).isZero();
    assertThat(header("serverlesskafkas", "columns"))
        .containsExactly("NAME", "READY", "DESIRED", "BROKERS", "TOPICS", "REASON", "AGE");
    assertThat(header("skafka", "columns", "-o", "wide"))
        .containsExactly(
            "NAME",
            "READY",
            "DESIRED",
            "BROKERS",
            "TOPICS",
            "BOOTSTRAP",
            "REASON",
            "WAITING-FOR",
            "AGE");
    assertThat(header("serverlesstopics", "columns"))
        .containsExactly("NAME", "READY", "CLUSTER", "PARTITIONS", "COST", "AGE");
    assertThat(header("stopic", "columns", "-o", "wide"))
        .containsExactly(
            "NAME",
            "READY",
            "CLUSTER",
            "PARTITIONS",
            "TOPIC",
            "SECRET",
            "REASON",
            "BYTES IN",
            "BYTES OUT",
            "STORED",
            "COST",
            "CURRENCY",
            "AGE");
  }

  private static void assertRejected(String yaml, String... expected) {
    Kubectl.Result result = kubectl.apply(yaml);
    assertThat(result.exitCode()).as("kubectl apply should fail: %s", result.output()).isNotZero();
    assertThat(result.output()).contains(expected);
  }

  @Test
  void rejectsASelectorPolicyWithoutSelectorAndASelectorWithoutThatPolicy() {
    assertRejected(
        cluster("noselector", "allowedTopics: { namespaces: { from: Selector } }"),
        "spec.allowedTopics.namespaces.selector",
        "selector is required with from: Selector");
    assertRejected(
        cluster(
            "stray",
            "allowedTopics: { namespaces: { from: All, selector: { matchLabels: { a: b } } } }"),
        "spec.allowedTopics.namespaces.selector");
    assertRejected(
        cluster("unknownfrom", "allowedTopics: { namespaces: { from: Everyone } }"),
        "spec.allowedTopics.namespaces.from",
        "Unsupported value");
  }

  @Test
  void consumersPollingIntervalAndCooldownAreBoundedAndDefaulted() {
    assertRejected(
        topic("poll0", "consumers: [ { deployment: w, group: g, pollingInterval: 0 } ]"),
        "spec.consumers[0].pollingInterval",
        "should be greater than or equal to 1");
    assertRejected(
        topic("cool", "consumers: [ { deployment: w, group: g, cooldownPeriod: -1 } ]"),
        "spec.consumers[0].cooldownPeriod",
        "should be greater than or equal to 0");
    Kubectl.Result result =
        kubectl.apply(topic("polldefault", "consumers: [ { deployment: w, group: g } ]"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    var consumer =
        TestEnvironment.get()
            .client
            .resources(ServerlessTopic.class)
            .inNamespace(ns)
            .withName("polldefault")
            .get()
            .getSpec()
            .getConsumers()
            .get(0);
    // the API server fills KEDA's defaults in, so `kubectl get -o yaml` shows the wake-up settings
    // in force
    assertThat(consumer.getPollingInterval()).isEqualTo(30);
    assertThat(consumer.getCooldownPeriod()).isEqualTo(300);
  }

  @Test
  void rejectsNegativePartitions() {
    assertRejected(
        topic("neg", "partitions: -1"), "spec.partitions", "should be greater than or equal to 1");
  }

  @Test
  void rejectsTooManyPartitions() {
    assertRejected(topic("huge", "partitions: 10001"), "spec.partitions", "10000");
  }

  @Test
  void rejectsReplicationFactorOutOfRange() {
    assertRejected(topic("rf", "replicationFactor: 6"), "spec.replicationFactor");
  }

  @Test
  void rejectsBadRetention() {
    assertRejected(topic("ret", "retention: { time: 7days }"), "spec.retention.time");
    assertRejected(topic("retb", "retention: { bytes: lots }"), "spec.retention.bytes");
  }

  @Test
  void rejectsNegativeThroughput() {
    assertRejected(
        topic("tp", "throughput: { ingressMiBps: -1 }"),
        "spec.throughput.ingressMiBps",
        "must not be negative");
  }

  @Test
  void rejectsUnknownEnumValues() {
    assertRejected(
        topic("pol", "deletionPolicy: Shred"), "spec.deletionPolicy", "Unsupported value");
    assertRejected(topic("clean", "cleanupPolicy: compress"), "spec.cleanupPolicy");
  }

  @Test
  void rejectsUnknownFields() {
    assertRejected(topic("typo", "partitons: 3"), "unknown field", "spec.partitons");
  }

  @Test
  void rejectsDecreasingPartitions() {
    Kubectl.Result created =
        kubectl.apply(topic("shrink", "cluster: somewhere/none\npartitions: 6"));
    assertThat(created.exitCode()).as(created.output()).isZero();
    assertRejected(
        topic("shrink", "cluster: somewhere/none\npartitions: 3"),
        "spec.partitions",
        "partitions cannot be decreased");
  }

  @Test
  void rejectsChangingTheCluster() {
    Kubectl.Result created = kubectl.apply(topic("pinned", "cluster: one/a"));
    assertThat(created.exitCode()).as(created.output()).isZero();
    assertRejected(topic("pinned", "cluster: two/b"), "spec.cluster", "cluster is immutable");
  }

  @Test
  void rejectsMinBrokersAboveMax() {
    assertRejected(
        cluster("minmax", "brokers: { min: 5, max: 3 }"),
        "spec.brokers.min",
        "brokers.min must be less than or equal to brokers.max");
  }

  @Test
  void rejectsTargetUtilizationOutsideZeroToOne() {
    assertRejected(
        cluster("util", "autoscaling: { targetUtilization: 1.5 }"),
        "spec.autoscaling.targetUtilization",
        "(0, 1]");
    assertRejected(
        cluster("util0", "autoscaling: { targetUtilization: 0 }"),
        "spec.autoscaling.targetUtilization");
  }

  @Test
  void rejectsBadAutoscalingModeAndDurations() {
    assertRejected(cluster("mode", "autoscaling: { mode: Sometimes }"), "spec.autoscaling.mode");
    assertRejected(
        cluster("dur", "autoscaling: { scaleDownStabilization: soon }"),
        "spec.autoscaling.scaleDownStabilization");
  }

  @Test
  void rejectsKeepingVolumesOfAnOnDemandCluster() {
    assertRejected(
        cluster("keep", "provisioning: OnDemand\nkafka: { storage: { deleteClaim: false } }"),
        "spec.kafka.storage.deleteClaim",
        "provisioning OnDemand removes the brokers' storage");
    Kubectl.Result ok =
        kubectl.apply(
            cluster(
                "ondemand", "provisioning: OnDemand\nkafka: { storage: { deleteClaim: true } }"));
    assertThat(ok.exitCode()).as(ok.output()).isZero();
  }

  @Test
  void kafkaConfigTakesStringsNumbersAndBooleansAsStrimziDoes() {
    Kubectl.Result typed =
        kubectl.apply(
            cluster(
                "config-typed",
                """
        kafka:
          config: { num.io.threads: 8, log.cleaner.min.cleanable.ratio: 0.4, auto.leader.rebalance.enable: false, compression.type: zstd }
        """));
    assertThat(typed.exitCode()).as(typed.output()).isZero();
    // Lists and objects pass the schema (as with Strimzi's); the operator refuses them
    // (StrimziSchemaIT).
  }

  @Test
  void requiresAPrometheusUrlForThePrometheusSource() {
    assertRejected(
        cluster("prom", "autoscaling: { metrics: { source: Prometheus } }"),
        "spec.autoscaling.metrics",
        "prometheus.url is required when source is Prometheus");
    assertRejected(
        cluster(
            "prom2",
            "autoscaling: { metrics: { source: Prometheus, prometheus: { queries: { ingress: up } } } }"),
        "prometheus.url is required when source is Prometheus");
  }

  @Test
  void rejectsBadMetricsSourceUrlAndEmptyQueries() {
    assertRejected(
        cluster("src", "autoscaling: { metrics: { source: Graphite } }"),
        "spec.autoscaling.metrics.source",
        "Unsupported value");
    assertRejected(
        cluster(
            "url",
            "autoscaling: { metrics: { source: Prometheus, prometheus: { url: prometheus:9090 } } }"),
        "spec.autoscaling.metrics.prometheus.url");
    assertRejected(
        cluster(
            "q",
            "autoscaling: { metrics: { source: Prometheus, prometheus: { url: 'http://p:9090', queries: { disk: ' ' } } } }"),
        "spec.autoscaling.metrics.prometheus.queries.disk");
  }

  @Test
  void acceptsAPrometheusSourceAndTheAdminDefault() {
    Kubectl.Result prometheus =
        kubectl.apply(
            cluster(
                "prom-ok",
                """
        autoscaling:
          metrics:
            source: Prometheus
            prometheus:
              url: http://prometheus-operated.monitoring:9090
              queries:
                egress: sum by (kubernetes_pod_name) (rate(kafka_server_brokertopicmetrics_bytesout_total{namespace="$namespace",strimzi_io_cluster="$cluster",topic=""}[5m]))
        """));
    assertThat(prometheus.exitCode()).as(prometheus.output()).isZero();
    Kubectl.Result admin =
        kubectl.apply(cluster("admin-ok", "autoscaling: { metrics: { source: Admin } }"));
    assertThat(admin.exitCode()).as(admin.output()).isZero();
  }

  @Test
  void acceptsTheDocumentedExample() {
    Kubectl.Result result =
        kubectl.apply(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: orders, namespace: %s }
        spec:
          cluster: elsewhere/shared
          partitions: 6
          throughput: { ingressMiBps: 4, egressMiBps: 8 }
          retention: { time: 7d }
          deletionPolicy: Delete
          consumers:
            - { deployment: orders-worker, group: orders-worker, lagThreshold: 100, maxReplicas: 6 }
        """
                .formatted(ns));
    assertThat(result.exitCode()).as(result.output()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestEnvironment.get()
                        .client
                        .resources(ServerlessTopic.class)
                        .inNamespace(ns)
                        .withName("orders")
                        .get()
                    != null);
  }
}
