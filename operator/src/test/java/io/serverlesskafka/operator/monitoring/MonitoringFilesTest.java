package io.serverlesskafka.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.serverlesskafka.localkube.Kubectl;
import io.serverlesskafka.localkube.LocalPrometheus;
import io.serverlesskafka.operator.metrics.OperatorMetrics;
import io.serverlesskafka.operator.usage.UsageMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and alerting rules in helm/serverless-kafka/monitoring (docs/monitoring links
 * there): promtool accepts the rules and their unit tests pass, every query names only metrics the
 * operator exports, and the chart turns the same files into the ConfigMaps and PrometheusRule it
 * installs. MonitoringIT runs every query against a real Prometheus scraping the operator on the
 * local cluster.
 */
class MonitoringFilesTest {
  static final Path ROOT = Path.of(System.getProperty("project.root", ".."));
  static final Path CHART = ROOT.resolve("helm/serverless-kafka");
  static final Path RULES = CHART.resolve("monitoring/prometheus-rules.yaml");
  static final Path DASHBOARDS = CHART.resolve("monitoring/dashboards");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern METRIC = Pattern.compile("\\b(serverless_kafka_[a-z_]+)");

  @Test
  void promtoolChecksTheRules() {
    Kubectl.Result result = LocalPrometheus.promtool("check", "rules", RULES.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  /**
   * Each alert fires after its `for` in the situation it names, and not for the look-alikes beside
   * it.
   */
  @Test
  void alertsPassTheirPromtoolUnitTests(@TempDir Path tmp) throws IOException {
    Path tests = tmp.resolve("prometheus-rules-test.yaml");
    String text =
        Files.readString(Path.of("src/test/resources/monitoring/prometheus-rules-test.yaml"));
    Files.writeString(tests, text.replace("RULES_FILE", "\"" + RULES.toAbsolutePath() + "\""));
    Kubectl.Result result = LocalPrometheus.promtool("test", "rules", tests.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    Set<String> tested = new TreeSet<>();
    YAML.readTree(text)
        .path("tests")
        .forEach(
            t -> t.path("alert_rule_test").forEach(a -> tested.add(a.path("alertname").asText())));
    assertThat(tested)
        .as("every alert has a promtool unit test")
        .isEqualTo(new TreeSet<>(alerts().keySet()));
  }

  @Test
  void everyQueryNamesOnlyMetricsTheOperatorExports() {
    Set<String> exported = exportedMetricNames();
    Map<String, String> queries = new TreeMap<>(alerts());
    queries.putAll(dashboardQueries());
    assertThat(queries).hasSizeGreaterThan(30);
    queries.forEach(
        (where, expr) -> {
          Matcher m = METRIC.matcher(expr);
          while (m.find()) {
            assertThat(exported).as(where + ": " + expr).contains(m.group(1));
          }
        });
  }

  @Test
  void dashboardsUseTheDatasourceVariableAndUniquePanelIds() throws IOException {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      List<Path> boards = files.sorted().toList();
      assertThat(boards)
          .extracting(p -> p.getFileName().toString())
          .containsExactly(
              "serverless-kafka-clusters.json",
              "serverless-kafka-operator.json",
              "serverless-kafka-tenants.json");
      for (Path file : boards) {
        JsonNode board = JSON.readTree(file.toFile());
        assertThat(board.path("uid").asText() + ".json").isEqualTo(file.getFileName().toString());
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : board.path("panels")) {
          assertThat(ids.add(panel.path("id").asInt()))
              .as(file + ": panel id " + panel.path("id"))
              .isTrue();
          if (!"row".equals(panel.path("type").asText())) {
            assertThat(panel.path("datasource").path("uid").asText())
                .as(file + ": " + panel.path("title"))
                .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(file + ": " + panel.path("title")).isNotEmpty();
          }
        }
      }
    }
  }

  @Test
  void docsMonitoringIsTheChartsFiles() throws IOException {
    Path docs = ROOT.resolve("docs/monitoring");
    assertThat(Files.isSameFile(docs.resolve("prometheus-rules.yaml"), RULES)).isTrue();
    assertThat(Files.isSameFile(docs.resolve("dashboards"), DASHBOARDS)).isTrue();
  }

  @Test
  void chartRendersTheSameFilesAsDashboardsRulesAndAServiceMonitor() throws IOException {
    assertThat(new Helm(CHART).template().withName("skafka").call())
        .doesNotContain("grafana_dashboard", "kind: PrometheusRule", "kind: ServiceMonitor");
    String manifests =
        new Helm(CHART)
            .template()
            .withName("skafka")
            .withNamespace("kafka-system")
            .set("monitoring.dashboards.enabled", "true")
            .set("monitoring.dashboards.annotations.grafana_folder", "Kafka")
            .set("monitoring.prometheusRules.enabled", "true")
            .set("monitoring.prometheusRules.labels.release", "kube-prometheus-stack")
            .set("monitoring.serviceMonitor.enabled", "true")
            .call();
    List<JsonNode> objects = new ArrayList<>();
    for (JsonNode doc : YAML.readValues(YAML.createParser(manifests), JsonNode.class).readAll()) {
      if (doc != null && doc.has("kind")) {
        objects.add(doc);
      }
    }
    Map<String, String> dashboards = new TreeMap<>();
    objects.stream()
        .filter(
            o ->
                o.path("kind").asText().equals("ConfigMap")
                    && "1"
                        .equals(
                            o.path("metadata").path("labels").path("grafana_dashboard").asText()))
        .forEach(
            cm -> {
              assertThat(cm.path("metadata").path("annotations").path("grafana_folder").asText())
                  .isEqualTo("Kafka");
              cm.path("data")
                  .fields()
                  .forEachRemaining(e -> dashboards.put(e.getKey(), e.getValue().asText()));
            });
    assertThat(dashboards).hasSize(3);
    for (Map.Entry<String, String> e : dashboards.entrySet()) {
      assertThat(JSON.readTree(e.getValue()))
          .as(e.getKey())
          .isEqualTo(JSON.readTree(DASHBOARDS.resolve(e.getKey()).toFile()));
    }
    JsonNode rule =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals("PrometheusRule"))
            .findFirst()
            .orElseThrow();
    assertThat(rule.path("metadata").path("labels").path("release").asText())
        .isEqualTo("kube-prometheus-stack");
    assertThat(rule.path("spec")).isEqualTo(YAML.readTree(RULES.toFile()));
    JsonNode monitor =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals("ServiceMonitor"))
            .findFirst()
            .orElseThrow();
    JsonNode service =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals("Service"))
            .findFirst()
            .orElseThrow();
    monitor
        .path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(
            l ->
                assertThat(service.path("metadata").path("labels").path(l.getKey()).asText())
                    .as(l.getKey())
                    .isEqualTo(l.getValue().asText()));
    assertThat(monitor.path("spec").path("endpoints").get(0).path("relabelings").toString())
        .contains("\"targetLabel\":\"job\"", "\"replacement\":\"serverless-kafka-operator\"");
  }

  /** Alert name to expression. */
  static Map<String, String> alerts() {
    try {
      Map<String, String> alerts = new TreeMap<>();
      YAML.readTree(RULES.toFile())
          .path("groups")
          .forEach(
              g ->
                  g.path("rules")
                      .forEach(r -> alerts.put(r.path("alert").asText(), r.path("expr").asText())));
      return alerts;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** "dashboard / panel / refId" to expression. */
  static Map<String, String> dashboardQueries() {
    Map<String, String> queries = new TreeMap<>();
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      for (Path file : files.toList()) {
        JsonNode board = JSON.readTree(file.toFile());
        for (JsonNode panel : board.path("panels")) {
          for (JsonNode target : panel.path("targets")) {
            queries.put(
                board.path("uid").asText()
                    + " / "
                    + panel.path("title").asText()
                    + " / "
                    + target.path("refId").asText(),
                target.path("expr").asText());
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return queries;
  }

  /**
   * Names as Prometheus sees them (counters with _total, histograms with _bucket, _count, _sum).
   */
  private static Set<String> exportedMetricNames() {
    PrometheusRegistry registry = new PrometheusRegistry();
    new OperatorMetrics(registry);
    new UsageMetrics(registry);
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      String name = snapshot.getMetadata().getPrometheusName();
      if (snapshot instanceof CounterSnapshot) {
        names.add(name + "_total");
      } else if (snapshot instanceof HistogramSnapshot) {
        names.addAll(List.of(name + "_bucket", name + "_count", name + "_sum"));
      } else {
        names.add(name);
      }
    }
    return names;
  }
}
