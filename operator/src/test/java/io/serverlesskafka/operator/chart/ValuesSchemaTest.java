package io.serverlesskafka.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * helm/serverless-kafka/values.schema.json as a user meets it: {@code helm template} (the same
 * check {@code helm install} runs first) accepts the defaults and every optional block switched on,
 * and refuses a wrong type, a value outside its enum and a misspelled key, naming the value in the
 * message.
 */
class ValuesSchemaTest {
  static final Path CHART =
      Path.of(System.getProperty("project.root", ".."), "helm", "serverless-kafka");

  private static TemplateCommand template() {
    return new Helm(CHART).template().withName("skafka").withNamespace("kafka-system");
  }

  @Test
  void defaultsAndEveryOptionalBlockPass() {
    assertThat(template().call()).contains("kind: Deployment");
    String all =
        template()
            .set("monitoring.dashboards.enabled", "true")
            .set("monitoring.prometheusRules.enabled", "true")
            .set("monitoring.serviceMonitor.enabled", "true")
            .set("monitoring.serviceMonitor.labels.release", "kube-prometheus-stack")
            .set("defaultCluster.enabled", "true")
            .set("leaderElection.enabled", "true")
            .set("replicas", "2")
            .set("watchNamespaces[0]", "team-a")
            .set("clusterNamespaces[0]", "kafka")
            .set("image.tag", "0.1.0")
            .set("gatewayImage.tag", "0.1.0")
            .set("logLevel", "DEBUG")
            .call();
    assertThat(all)
        .contains("kind: PrometheusRule", "kind: ServiceMonitor", "kind: ServerlessKafka");
  }

  @Test
  void aWrongTypeFailsNamingTheValue() {
    assertThatThrownBy(() -> template().set("replicas", "abc").call())
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("replicas: Invalid type. Expected: integer, given: string");
    assertThatThrownBy(() -> template().set("metrics.port", "0").call())
        .hasMessageContaining("metrics.port: Must be greater than or equal to 1");
  }

  @Test
  void aValueOutsideItsEnumFailsNamingTheValue() {
    assertThatThrownBy(() -> template().set("logLevel", "VERBOSE").call())
        .hasMessageContaining("logLevel: logLevel must be one of the following");
    assertThatThrownBy(() -> template().set("image.pullPolicy", "Sometimes").call())
        .hasMessageContaining("image.pullPolicy: image.pullPolicy must be one of the following");
  }

  @Test
  void aMisspelledKeyFailsNamingTheKey() {
    assertThatThrownBy(() -> template().set("replica", "2").call())
        .hasMessageContaining("Additional property replica is not allowed");
    assertThatThrownBy(() -> template().set("monitoring.dashboard.enabled", "true").call())
        .hasMessageContaining("monitoring: Additional property dashboard is not allowed");
  }
}
