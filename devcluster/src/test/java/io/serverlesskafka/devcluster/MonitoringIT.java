package io.serverlesskafka.devcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.localkube.CrdInstaller;
import io.serverlesskafka.localkube.LocalPrometheus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's dashboards and alerts against the local cluster, as a platform team would use them:
 * {@code helm install} with the monitoring objects on (the API server validates the PrometheusRule
 * and ServiceMonitor against the Prometheus Operator's own CRDs), a real Prometheus scraping the
 * operator and loaded with the installed PrometheusRule, and a tenant's topic with traffic. Every
 * dashboard query and variable returns data; the two alerts whose situation is set up here (a topic
 * on a cluster that does not exist; a cluster saturated at its maximum) are pending; the other four
 * must not fire on a healthy cluster, so their queries are empty.
 */
class MonitoringIT {
  private static final String TENANT = "team-m";
  private static final String RELEASE_NAMESPACE = "serverless-kafka";

  /**
   * Alerts whose condition is not met on a healthy local cluster: their expressions must return
   * nothing.
   */
  private static final Set<String> QUIET_ALERTS =
      Set.of(
          "ServerlessKafkaOperatorDown",
          "ServerlessKafkaAutoscalerSkipping",
          "ServerlessKafkaRebalanceFailed",
          "ServerlessKafkaRebalanceStuck");

  /**
   * Dashboard targets that have no series on a healthy cluster however long the test runs, with the
   * reason. They are still sent to Prometheus, which must accept them.
   */
  private static final Map<String, String> NO_DATA_WHEN_HEALTHY =
      Map.of(
          "serverless-kafka-operator / Reconcile errors per second / A",
          "the errors counter has a series only once a reconcile threw (labelled with the"
              + " exception); target B of the same panel draws the 0 line meanwhile");

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
  private static final ObjectMapper JSON = new ObjectMapper();
  static LocalCluster cluster;
  static LocalPrometheus prometheus;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory("skafka-monitoring");
    cluster =
        new LocalCluster(work, 0, m -> System.out.println("[local cluster] " + m))
            .withOperatorConfig(c -> c.withUsageInterval(Duration.ofSeconds(2)))
            .start(1, Duration.ofMinutes(3));
    client = cluster.client();
    new CrdInstaller(client).installPrometheusOperator();
    new Helm(Path.of(System.getProperty("project.root", ".."), "helm", "serverless-kafka"))
        .install()
        .withName("skafka")
        .withNamespace(RELEASE_NAMESPACE)
        .createNamespace()
        .withKubeConfig(cluster.kubeconfig())
        .set(
            "deletionGuard.enabled",
            "false") // the local cluster has the same policies already (CrdInstaller)
        .set("monitoring.dashboards.enabled", "true")
        .set("monitoring.prometheusRules.enabled", "true")
        .set("monitoring.serviceMonitor.enabled", "true")
        .call();
    // Prometheus gets the rules as installed: the PrometheusRule's spec is a rules file.
    GenericKubernetesResource rule =
        client
            .genericKubernetesResources("monitoring.coreos.com/v1", "PrometheusRule")
            .inNamespace(RELEASE_NAMESPACE)
            .withName("skafka-serverless-kafka")
            .get();
    Path rules = work.resolve("rules.yaml");
    Files.writeString(
        rules, new YAMLMapper().writeValueAsString(rule.getAdditionalProperties().get("spec")));
    prometheus =
        LocalPrometheus.start(
            work.resolve("prometheus"),
            "serverless-kafka-operator",
            "127.0.0.1:" + cluster.metricsPort(),
            rules);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyDashboardQueryReturnsDataAndTheAlertsFireOnlyWhereTheirSituationIs() throws Exception {
    Map<String, String> panels = new TreeMap<>();
    Map<String, String> variables = new TreeMap<>();
    List<ConfigMap> dashboards =
        client
            .configMaps()
            .inNamespace(RELEASE_NAMESPACE)
            .withLabel("grafana_dashboard", "1")
            .list()
            .getItems();
    assertThat(dashboards).hasSize(3);
    for (ConfigMap cm : dashboards) {
      for (String json : cm.getData().values()) {
        collectQueries(JSON.readTree(json), panels, variables);
      }
    }
    Map<String, String> alerts = new TreeMap<>();
    JsonNode groups =
        JSON.valueToTree(
                client
                    .genericKubernetesResources("monitoring.coreos.com/v1", "PrometheusRule")
                    .inNamespace(RELEASE_NAMESPACE)
                    .withName("skafka-serverless-kafka")
                    .get()
                    .getAdditionalProperties()
                    .get("spec"))
            .path("groups");
    groups.forEach(
        g ->
            g.path("rules")
                .forEach(r -> alerts.put(r.path("alert").asText(), r.path("expr").asText())));
    assertThat(alerts).hasSize(6).containsKeys(QUIET_ALERTS.toArray(String[]::new));

    // Data: the default cluster made saturated at a maximum of 2 brokers, recommending only: a
    // capacity of one partition replica per broker, while its one broker holds __consumer_offsets
    // and the tenant's topic, so the next autoscaler round recommends a scale-up (without waiting
    // for stabilization) and starts no broker. A tenant topic with quotas, pricing and traffic; a
    // topic on a cluster that does not exist; a requested rebalance.
    long t0 = System.nanoTime();
    editCluster(
        """
        {"spec": {"brokers": {"min": 1, "max": 2, "capacity": {"maxPartitions": 1}}, "autoscaling": {"mode": "RecommendOnly"},
         "pricing": {"perGiBIn": 1000, "perGiBOut": 1000, "perGiBMonthStored": 1000, "currency": "EUR"}}}""");
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(TENANT).endMetadata().build())
        .serverSideApply();
    applyTopic(
        "orders",
        "partitions: 2\nreplicationFactor: 1\nthroughput: { ingressMiBps: 1, egressMiBps: 1 }\n");
    applyTopic("lost", "cluster: nowhere\n");
    awaitReady("orders");
    produceAndConsume("orders", 200);
    try {
      await("a scale-up recommended")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> !prometheus.query("serverless_kafka_autoscaler_decisions_total").isEmpty());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "no decision in Prometheus; status.autoscaling: " + autoscaling(), e);
    }
    System.out.printf(
        "scale-up recommendation in Prometheus %d s after the spec change: %s%n",
        Duration.ofNanos(System.nanoTime() - t0).toSeconds(), autoscaling());
    editCluster("{\"spec\": {\"brokers\": {\"max\": 1}}}");
    client
        .resources(ServerlessKafka.class)
        .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
        .withName(LocalCluster.DEFAULT_CLUSTER_NAME)
        .edit(
            k -> {
              k.getMetadata().getAnnotations().put("serverlesskafka.io/rebalance", "true");
              return k;
            });

    assertThat(panels).containsKeys(NO_DATA_WHEN_HEALTHY.keySet().toArray(String[]::new));
    for (String where : NO_DATA_WHEN_HEALTHY.keySet()) {
      prometheus.query(panels.get(where)); // a query Prometheus refuses throws
    }
    Map<String, String> expectData = new TreeMap<>(panels);
    expectData.keySet().removeAll(NO_DATA_WHEN_HEALTHY.keySet());
    variables.forEach((name, query) -> expectData.put("variable " + name, query));
    alerts.forEach(
        (name, expr) -> {
          if (!QUIET_ALERTS.contains(name)) {
            expectData.put("alert " + name, expr);
          }
        });
    Map<String, String> empty = new TreeMap<>();
    try {
      await("every dashboard query and firing alert returns data")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(3))
          .until(
              () -> {
                empty.clear();
                expectData.forEach(
                    (where, query) -> {
                      if (prometheus
                          .query(query)
                          .isEmpty()) { // a query Prometheus refuses throws, failing at once
                        empty.put(where, query);
                      }
                    });
                return empty.isEmpty();
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "queries without data:\n"
              + String.join(
                  "\n",
                  empty.entrySet().stream().map(x -> x.getKey() + ": " + x.getValue()).toList()),
          e);
    }
    System.out.printf(
        "%d dashboard queries (%d without data on a healthy cluster: %s), %d variables and %d alert"
            + " expressions checked against Prometheus, all data %d s after the spec change%n",
        panels.size(),
        NO_DATA_WHEN_HEALTHY.size(),
        NO_DATA_WHEN_HEALTHY.keySet(),
        variables.size(),
        alerts.size(),
        Duration.ofNanos(System.nanoTime() - t0).toSeconds());

    assertThat(prometheus.query(alerts.get("ServerlessTopicNotReady")).findValuesAsText("topic"))
        .containsExactly("lost");
    assertThat(
            prometheus
                .query(alerts.get("ServerlessKafkaSaturatedAtMaxBrokers"))
                .findValuesAsText("cluster"))
        .containsExactly(LocalCluster.DEFAULT_CLUSTER_NAME);
    for (String quiet : QUIET_ALERTS) {
      assertThat(prometheus.query(alerts.get(quiet)))
          .as(quiet + " must not fire on a healthy cluster")
          .isEmpty();
    }
    // Prometheus evaluates the installed rules itself: none fails, and the two situations are
    // pending (their `for`).
    await("rules evaluated")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<String> pending = new ArrayList<>();
              for (JsonNode group : prometheus.get("/api/v1/rules").path("groups")) {
                for (JsonNode r : group.path("rules")) {
                  assertThat(r.path("health").asText())
                      .as(r.path("name") + ": " + r.path("lastError"))
                      .isEqualTo("ok");
                  r.path("alerts")
                      .forEach(
                          a ->
                              pending.add(
                                  a.path("labels").path("alertname").asText()
                                      + "/"
                                      + a.path("state").asText()));
                }
              }
              assertThat(pending)
                  .contains(
                      "ServerlessTopicNotReady/pending",
                      "ServerlessKafkaSaturatedAtMaxBrokers/pending");
            });
  }

  /**
   * Panel targets (with Grafana's variables replaced as "All" and a short range) and the variables'
   * label queries.
   */
  private static void collectQueries(
      JsonNode board, Map<String, String> panels, Map<String, String> variables) {
    String uid = board.path("uid").asText();
    for (JsonNode panel : board.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        panels.put(
            uid + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
            grafana(target.path("expr").asText()));
      }
    }
    for (JsonNode variable : board.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        Matcher m = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
        assertThat(m.matches()).as(uid + " variable " + variable.path("name")).isTrue();
        variables.put(
            uid + " / " + variable.path("name").asText(),
            "count by (" + m.group(2) + ") (" + grafana(m.group(1)) + ")");
      }
    }
  }

  private static String grafana(String expr) {
    return expr.replace("$__rate_interval", "1m")
        .replace("$__range", "5m")
        .replace("$namespace", ".*")
        .replace("$cluster", ".*")
        .replace("$topic", ".*");
  }

  private static Object autoscaling() {
    ServerlessKafka k =
        client
            .resources(ServerlessKafka.class)
            .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
            .withName(LocalCluster.DEFAULT_CLUSTER_NAME)
            .get();
    return k.getStatus() == null ? null : JSON.valueToTree(k.getStatus().getAutoscaling());
  }

  private static void editCluster(String mergePatch) {
    client
        .resources(ServerlessKafka.class)
        .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
        .withName(LocalCluster.DEFAULT_CLUSTER_NAME)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            mergePatch);
  }

  private static void applyTopic(String name, String spec) {
    String yaml =
        """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec:
        %s"""
            .formatted(name, TENANT, spec.indent(2));
    client
        .resource(client.getKubernetesSerialization().unmarshal(yaml, ServerlessTopic.class))
        .serverSideApply();
  }

  private static void awaitReady(String name) {
    await("ServerlessTopic " + name + " Ready")
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              ServerlessTopic t =
                  client.resources(ServerlessTopic.class).inNamespace(TENANT).withName(name).get();
              return t != null
                  && t.getStatus() != null
                  && t.getStatus().getConditions().stream()
                      .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });
  }

  /**
   * Produces records with the topic's own credentials and reads them back in one of its consumer
   * groups.
   */
  private static void produceAndConsume(String topic, int records) throws Exception {
    Secret secret = client.secrets().inNamespace(TENANT).withName(topic + "-kafka").get();
    java.util.Properties file = new java.util.Properties();
    file.load(
        new java.io.StringReader(
            new String(
                Base64.getDecoder().decode(secret.getData().get("client.properties")),
                StandardCharsets.UTF_8)));
    Map<String, Object> props = new HashMap<>();
    file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
    String kafkaTopic = TENANT + "." + topic;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(kafkaTopic, new byte[1024]));
      }
      producer.flush();
    }
    props.put(ConsumerConfig.GROUP_ID_CONFIG, kafkaTopic + "_dashboards");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    int consumed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(kafkaTopic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (consumed < records && System.currentTimeMillis() < deadline) {
        consumed += consumer.poll(Duration.ofMillis(500)).count();
        consumer.commitSync();
      }
    }
    assertThat(consumed).isEqualTo(records);
  }
}
