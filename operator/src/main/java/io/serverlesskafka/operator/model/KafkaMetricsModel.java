package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetrics;
import io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetricsBuilder;

/**
 * With {@code autoscaling.metrics.source: Prometheus} the brokers must export what the default
 * queries read: Strimzi's {@code metricsConfig} with JMX Prometheus exporter rules kept in a
 * ConfigMap beside the Kafka. The rules give exactly the four series of {@link ClusterSettings}'
 * default queries (bytes in and out per broker and per topic, log size, partition count), named as
 * Strimzi's example rules name them, so dashboards and overridden queries written for Strimzi keep
 * working.
 */
public final class KafkaMetricsModel {
  public static final String CONFIG_KEY = "metrics-config.yml";

  /** Rules of the JMX exporter; lowercaseOutputName as in Strimzi's examples. */
  static final String RULES =
      """
      lowercaseOutputName: true
      rules:
      # Bytes in and out, per topic and (without a topic label) per broker
      - pattern: kafka.server<type=BrokerTopicMetrics, name=(BytesIn|BytesOut)PerSec, topic=(.+)><>Count
        name: kafka_server_brokertopicmetrics_$1_total
        type: COUNTER
        labels:
          topic: "$2"
      - pattern: kafka.server<type=BrokerTopicMetrics, name=(BytesIn|BytesOut)PerSec><>Count
        name: kafka_server_brokertopicmetrics_$1_total
        type: COUNTER
      # Bytes stored per partition
      - pattern: kafka.log<type=Log, name=Size, topic=(.+), partition=(.+)><>Value
        name: kafka_log_log_size
        type: GAUGE
        labels:
          topic: "$1"
          partition: "$2"
      # Partitions on the broker
      - pattern: kafka.server<type=ReplicaManager, name=PartitionCount><>Value
        name: kafka_server_replicamanager_partitioncount
        type: GAUGE
      """;

  private KafkaMetricsModel() {}

  public static String configMapName(String cluster) {
    return cluster + "-kafka-metrics";
  }

  /** The Kafka's {@code spec.kafka.metricsConfig}. */
  static JmxPrometheusExporterMetrics metricsConfig(String cluster) {
    return new JmxPrometheusExporterMetricsBuilder()
        .withNewValueFrom()
        .withNewConfigMapKeyRef(CONFIG_KEY, configMapName(cluster), false)
        .endValueFrom()
        .build();
  }

  static ConfigMap configMap(io.fabric8.kubernetes.api.model.ObjectMeta metadata) {
    return new ConfigMapBuilder().withMetadata(metadata).addToData(CONFIG_KEY, RULES).build();
  }
}
