package io.serverlesskafka.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetrics;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The exporter rules give the series the default Prometheus queries read. The JMX exporter matches
 * each rule's (unanchored) pattern against "domain<bean properties><>attribute" and fills $n from
 * the groups; that matching is replayed here on the MBeans Kafka registers.
 */
class KafkaMetricsModelTest {
  private static final JsonNode RULES = read(KafkaMetricsModel.RULES);

  private static JsonNode read(String yaml) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The series name and labels the first matching rule gives an MBean attribute, as the exporter
   * does.
   */
  private static Optional<Map.Entry<String, Map<String, String>>> export(String beanAttribute) {
    for (JsonNode rule : RULES.get("rules")) {
      Matcher m = Pattern.compile(rule.get("pattern").asText()).matcher(beanAttribute);
      if (m.find()) {
        String name = fill(rule.get("name").asText(), m);
        Map<String, String> labels = new LinkedHashMap<>();
        if (rule.has("labels")) {
          rule.get("labels")
              .properties()
              .forEach(e -> labels.put(e.getKey(), fill(e.getValue().asText(), m)));
        }
        return Optional.of(
            Map.entry(
                RULES.get("lowercaseOutputName").asBoolean() ? name.toLowerCase(Locale.ROOT) : name,
                labels));
      }
    }
    return Optional.empty();
  }

  private static String fill(String template, Matcher m) {
    String out = template;
    for (int g = m.groupCount(); g >= 1; g--) {
      out = out.replace("$" + g, m.group(g));
    }
    return out;
  }

  @Test
  void brokerWideBytesInAndOutHaveNoTopicLabelSoTheDefaultQueriesSelectThem() {
    assertThat(export("kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec><>Count"))
        .hasValueSatisfying(
            e -> {
              assertThat(e.getKey()).isEqualTo("kafka_server_brokertopicmetrics_bytesin_total");
              assertThat(e.getValue()).isEmpty();
            });
    assertThat(export("kafka.server<type=BrokerTopicMetrics, name=BytesOutPerSec><>Count"))
        .hasValueSatisfying(
            e ->
                assertThat(e.getKey()).isEqualTo("kafka_server_brokertopicmetrics_bytesout_total"));
    assertThat(ClusterSettings.DEFAULT_PROMETHEUS_INGRESS_QUERY)
        .contains("kafka_server_brokertopicmetrics_bytesin_total{")
        .contains("topic=\"\"");
    assertThat(ClusterSettings.DEFAULT_PROMETHEUS_EGRESS_QUERY)
        .contains("kafka_server_brokertopicmetrics_bytesout_total{");
  }

  @Test
  void perTopicBytesCarryTheTopic() {
    assertThat(
            export(
                "kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec, topic=team-a.orders><>Count"))
        .hasValueSatisfying(
            e -> {
              assertThat(e.getKey()).isEqualTo("kafka_server_brokertopicmetrics_bytesin_total");
              assertThat(e.getValue()).containsEntry("topic", "team-a.orders");
            });
  }

  @Test
  void logSizeAndPartitionCountAreTheGaugesTheDiskAndPartitionQueriesRead() {
    assertThat(export("kafka.log<type=Log, name=Size, topic=team-a.orders, partition=3><>Value"))
        .hasValueSatisfying(
            e -> {
              assertThat(e.getKey()).isEqualTo("kafka_log_log_size");
              assertThat(e.getValue())
                  .containsEntry("topic", "team-a.orders")
                  .containsEntry("partition", "3");
            });
    assertThat(ClusterSettings.DEFAULT_PROMETHEUS_DISK_QUERY).contains("kafka_log_log_size{");
    assertThat(export("kafka.server<type=ReplicaManager, name=PartitionCount><>Value"))
        .hasValueSatisfying(
            e -> assertThat(e.getKey()).isEqualTo("kafka_server_replicamanager_partitioncount"));
    assertThat(ClusterSettings.DEFAULT_PROMETHEUS_PARTITIONS_QUERY)
        .contains("kafka_server_replicamanager_partitioncount{");
  }

  @Test
  void otherMBeansAreNotExported() {
    assertThat(export("kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec><>Count"))
        .isEmpty();
    assertThat(
            export(
                "kafka.network<type=RequestMetrics, name=RequestsPerSec, request=Produce><>Count"))
        .isEmpty();
  }

  @Test
  void onlyThePrometheusSourceMakesTheBrokersExport() {
    ServerlessKafka admin = cluster("autoscaling: { metrics: { source: Admin } }");
    assertThat(new KafkaClusterModel(admin).exportsMetrics()).isFalse();
    assertThat(new KafkaClusterModel(admin).kafka().getSpec().getKafka().getMetricsConfig())
        .isNull();

    KafkaClusterModel prometheus =
        new KafkaClusterModel(
            cluster(
                "autoscaling: { metrics: { source: Prometheus, prometheus: { url: 'http://prometheus:9090' } } }"));
    assertThat(prometheus.exportsMetrics()).isTrue();
    JmxPrometheusExporterMetrics config =
        (JmxPrometheusExporterMetrics) prometheus.kafka().getSpec().getKafka().getMetricsConfig();
    assertThat(config.getValueFrom().getConfigMapKeyRef().getName())
        .isEqualTo("shared-kafka-metrics")
        .isEqualTo(prometheus.metricsConfigMap().getMetadata().getName());
    assertThat(config.getValueFrom().getConfigMapKeyRef().getKey())
        .isEqualTo(KafkaMetricsModel.CONFIG_KEY);
    assertThat(prometheus.metricsConfigMap().getData())
        .containsEntry(KafkaMetricsModel.CONFIG_KEY, KafkaMetricsModel.RULES);
    assertThat(prometheus.metricsConfigMap().getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(prometheus.metricsConfigMap().getMetadata().getAnnotations())
        .containsKey(ClusterOwnedMetadata.ANNOTATION_OWNER);
  }

  private static ServerlessKafka cluster(String spec) {
    ServerlessKafka k =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: shared, namespace: kafka, uid: 1234 }
        spec:
        %s
        """
                .formatted(spec.indent(2)),
            ServerlessKafka.class);
    return k;
  }
}
