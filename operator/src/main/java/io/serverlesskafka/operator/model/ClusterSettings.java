package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.serverlesskafka.api.v1alpha1.AutoscalingMode;
import io.serverlesskafka.api.v1alpha1.AutoscalingPolicy;
import io.serverlesskafka.api.v1alpha1.AutoscalingSettings;
import io.serverlesskafka.api.v1alpha1.BrokerCapacitySpec;
import io.serverlesskafka.api.v1alpha1.BrokerSettings;
import io.serverlesskafka.api.v1alpha1.ControllerSettings;
import io.serverlesskafka.api.v1alpha1.KafkaSettings;
import io.serverlesskafka.api.v1alpha1.MetricsSettings;
import io.serverlesskafka.api.v1alpha1.MetricsSourceType;
import io.serverlesskafka.api.v1alpha1.Pricing;
import io.serverlesskafka.api.v1alpha1.PrometheusQueries;
import io.serverlesskafka.api.v1alpha1.PrometheusSettings;
import io.serverlesskafka.api.v1alpha1.ProvisioningMode;
import io.serverlesskafka.api.v1alpha1.RebalancingSettings;
import io.serverlesskafka.api.v1alpha1.Retention;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaSpec;
import io.serverlesskafka.api.v1alpha1.StorageSettings;
import io.serverlesskafka.api.v1alpha1.TopicDefaults;
import io.serverlesskafka.autoscaler.scaling.ScalingResource;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A ServerlessKafka spec with every default filled in. This is the one place defaults live; the CRD
 * descriptions and docs/api-reference.md repeat them for readers.
 */
public record ClusterSettings(
    String kafkaVersion,
    String storageSize,
    String storageClass,
    boolean deleteClaim,
    Map<String, Object> kafkaConfig,
    ResourceRequirements brokerResources,
    int controllers,
    String controllerStorageSize,
    int minBrokers,
    int maxBrokers,
    double brokerIngressMiBps,
    double brokerEgressMiBps,
    int brokerMaxPartitions,
    AutoscalingMode autoscalingMode,
    double targetUtilization,
    Duration scaleUpStabilization,
    Duration scaleDownStabilization,
    int maxScaleStep,
    LeadTimeSettings leadTime,
    MetricsSourceSettings metricsSource,
    boolean rebalancingEnabled,
    double maxImbalance,
    double throttleMiBps,
    Duration imbalanceWindow,
    int defaultPartitions,
    int defaultReplicationFactor,
    String defaultRetentionTime,
    String defaultRetentionBytes,
    double pricePerGiBIn,
    double pricePerGiBOut,
    double pricePerGiBMonthStored,
    double pricePer100kRequests,
    String currency,
    double quotaBurstFactor,
    ProvisioningMode provisioning,
    Duration idleAfter) {

  public static final String DEFAULT_KAFKA_VERSION = "4.1.1";
  public static final String DEFAULT_STORAGE_SIZE = "100Gi";
  public static final int DEFAULT_CONTROLLERS = 3;
  public static final String DEFAULT_CONTROLLER_STORAGE_SIZE = "10Gi";
  public static final int DEFAULT_MIN_BROKERS = 3;
  public static final int DEFAULT_MAX_BROKERS = 12;
  public static final double DEFAULT_BROKER_INGRESS_MIBPS = 50;
  public static final double DEFAULT_BROKER_EGRESS_MIBPS = 100;
  public static final int DEFAULT_BROKER_MAX_PARTITIONS = 4000;
  public static final double DEFAULT_TARGET_UTILIZATION = 0.6;
  public static final String DEFAULT_SCALE_UP_STABILIZATION = "60s";
  public static final String DEFAULT_SCALE_DOWN_STABILIZATION = "8m";
  public static final int DEFAULT_MAX_SCALE_STEP = 4;
  public static final double DEFAULT_MAX_UTILIZATION = 0.95;
  public static final String DEFAULT_PROVISION_TIME = "2m";
  public static final String DEFAULT_DRAIN_TIME = "5m";
  public static final String DEFAULT_DIP_MEMORY = "6h";
  public static final double DEFAULT_MAX_IMBALANCE = 1.10;
  public static final double DEFAULT_THROTTLE_MIBPS = 40;
  public static final String DEFAULT_IMBALANCE_WINDOW = "10m";
  public static final int DEFAULT_PARTITIONS = 3;
  public static final int DEFAULT_REPLICATION_FACTOR = 3;
  public static final String DEFAULT_RETENTION_TIME = "7d";
  public static final double DEFAULT_QUOTA_BURST_FACTOR = 1.0;
  public static final String DEFAULT_IDLE_AFTER = "10m";

  // The Prometheus source's queries use the names Strimzi's example JMX exporter rules give Kafka's
  // MBeans
  // (packaging/examples/metrics/kafka-metrics.yaml in strimzi/strimzi-kafka-operator:
  // lowercaseOutputName, the
  // generic "PerSec -> _total" counter and "Value" gauge rules) and the labels its PodMonitor
  // example adds
  // (prometheus-install/pod-monitors/kafka-resources-metrics.yaml: namespace, kubernetes_pod_name
  // and the pods'
  // strimzi.io/* labels as strimzi_io_*). BrokerTopicMetrics exist per topic and once per broker
  // without a topic
  // label; topic="" selects the broker's total, as adding both would count every byte twice.
  private static final String BROKER_SELECTOR =
      "namespace=\"$namespace\",strimzi_io_cluster=\"$cluster\"";
  public static final String DEFAULT_PROMETHEUS_INGRESS_QUERY =
      "sum by (kubernetes_pod_name) (rate(kafka_server_brokertopicmetrics_bytesin_total{"
          + BROKER_SELECTOR
          + ",topic=\"\"}[1m]))";
  public static final String DEFAULT_PROMETHEUS_EGRESS_QUERY =
      "sum by (kubernetes_pod_name) (rate(kafka_server_brokertopicmetrics_bytesout_total{"
          + BROKER_SELECTOR
          + ",topic=\"\"}[1m]))";
  public static final String DEFAULT_PROMETHEUS_DISK_QUERY =
      "sum by (kubernetes_pod_name) (kafka_log_log_size{" + BROKER_SELECTOR + "})";
  public static final String DEFAULT_PROMETHEUS_PARTITIONS_QUERY =
      "sum by (kubernetes_pod_name) (kafka_server_replicamanager_partitioncount{"
          + BROKER_SELECTOR
          + "})";

  public static ClusterSettings of(ServerlessKafkaSpec spec) {
    ServerlessKafkaSpec s = spec == null ? new ServerlessKafkaSpec() : spec;
    KafkaSettings kafka = or(s.getKafka(), new KafkaSettings());
    StorageSettings storage = or(kafka.getStorage(), new StorageSettings());
    ControllerSettings controllers = or(s.getControllers(), new ControllerSettings());
    BrokerSettings brokers = or(s.getBrokers(), new BrokerSettings());
    BrokerCapacitySpec capacity = or(brokers.getCapacity(), new BrokerCapacitySpec());
    AutoscalingSettings autoscaling = or(s.getAutoscaling(), new AutoscalingSettings());
    RebalancingSettings rebalancing = or(s.getRebalancing(), new RebalancingSettings());
    TopicDefaults topics = or(s.getTopicDefaults(), new TopicDefaults());
    Retention retention = or(topics.getRetention(), new Retention());
    Pricing pricing = or(s.getPricing(), new Pricing());
    return new ClusterSettings(
        or(kafka.getVersion(), DEFAULT_KAFKA_VERSION),
        or(storage.getSize(), DEFAULT_STORAGE_SIZE),
        storage.getStorageClass(),
        // A hibernating cluster holds no data, and a woken one is a new KRaft cluster that old
        // volumes would not fit.
        or(storage.getDeleteClaim(), s.getProvisioning() == ProvisioningMode.OnDemand),
        kafkaConfig(kafka.getConfig()),
        kafka.getResources(),
        or(controllers.getReplicas(), DEFAULT_CONTROLLERS),
        or(controllers.getStorageSize(), DEFAULT_CONTROLLER_STORAGE_SIZE),
        or(brokers.getMin(), DEFAULT_MIN_BROKERS),
        or(
            brokers.getMax(),
            Math.max(DEFAULT_MAX_BROKERS, or(brokers.getMin(), DEFAULT_MIN_BROKERS))),
        or(capacity.getIngressMiBps(), DEFAULT_BROKER_INGRESS_MIBPS),
        or(capacity.getEgressMiBps(), DEFAULT_BROKER_EGRESS_MIBPS),
        or(capacity.getMaxPartitions(), DEFAULT_BROKER_MAX_PARTITIONS),
        or(autoscaling.getMode(), AutoscalingMode.Auto),
        or(autoscaling.getTargetUtilization(), DEFAULT_TARGET_UTILIZATION),
        Quantities.parseDuration(
            or(autoscaling.getScaleUpStabilization(), DEFAULT_SCALE_UP_STABILIZATION)),
        Quantities.parseDuration(
            or(autoscaling.getScaleDownStabilization(), DEFAULT_SCALE_DOWN_STABILIZATION)),
        or(autoscaling.getMaxStep(), DEFAULT_MAX_SCALE_STEP),
        new LeadTimeSettings(
            or(autoscaling.getPolicy(), AutoscalingPolicy.LeadTime),
            or(autoscaling.getMaxUtilization(), DEFAULT_MAX_UTILIZATION),
            Quantities.parseDuration(or(autoscaling.getProvisionTime(), DEFAULT_PROVISION_TIME)),
            Quantities.parseDuration(or(autoscaling.getDrainTime(), DEFAULT_DRAIN_TIME)),
            Quantities.parseDuration(or(autoscaling.getDipMemory(), DEFAULT_DIP_MEMORY))),
        metricsSource(or(autoscaling.getMetrics(), new MetricsSettings())),
        or(rebalancing.getEnabled(), true),
        or(rebalancing.getMaxImbalance(), DEFAULT_MAX_IMBALANCE),
        or(rebalancing.getThrottleMiBps(), DEFAULT_THROTTLE_MIBPS),
        Quantities.parseDuration(or(rebalancing.getImbalanceWindow(), DEFAULT_IMBALANCE_WINDOW)),
        or(topics.getPartitions(), DEFAULT_PARTITIONS),
        or(topics.getReplicationFactor(), DEFAULT_REPLICATION_FACTOR),
        or(retention.getTime(), DEFAULT_RETENTION_TIME),
        retention.getBytes(),
        or(pricing.getPerGiBIn(), 0.0),
        or(pricing.getPerGiBOut(), 0.0),
        or(pricing.getPerGiBMonthStored(), 0.0),
        or(pricing.getPer100kRequests(), 0.0),
        or(pricing.getCurrency(), "USD"),
        s.getTenantQuotas() == null
            ? DEFAULT_QUOTA_BURST_FACTOR
            : or(s.getTenantQuotas().getBurstFactor(), DEFAULT_QUOTA_BURST_FACTOR),
        or(s.getProvisioning(), ProvisioningMode.Always),
        Quantities.parseDuration(or(s.getIdleAfter(), DEFAULT_IDLE_AFTER)));
  }

  /**
   * The extra broker config with each value as the manifest typed it (string, number or boolean),
   * so that it reaches Strimzi's Kafka.spec.kafka.config as Strimzi's own examples write it.
   */
  private static Map<String, Object> kafkaConfig(Map<String, AnyType> config) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (config != null) {
      config.forEach(
          (key, value) -> {
            Object v = value == null ? null : value.getValue();
            if (v instanceof Collection<?> || v instanceof Map<?, ?>) {
              throw new IllegalArgumentException(
                  "spec.kafka.config."
                      + key
                      + " must be a string, a number or a boolean, not "
                      + (v instanceof Map<?, ?> ? "an object" : "a list"));
            }
            if (v != null) {
              values.put(key, v);
            }
          });
    }
    return Collections.unmodifiableMap(values);
  }

  private static MetricsSourceSettings metricsSource(MetricsSettings metrics) {
    MetricsSourceType source = or(metrics.getSource(), MetricsSourceType.Admin);
    PrometheusSettings prometheus = or(metrics.getPrometheus(), new PrometheusSettings());
    PrometheusQueries queries = or(prometheus.getQueries(), new PrometheusQueries());
    return new MetricsSourceSettings(
        source,
        source == MetricsSourceType.Prometheus ? prometheus.getUrl() : null,
        Map.of(
            ScalingResource.INGRESS, or(queries.getIngress(), DEFAULT_PROMETHEUS_INGRESS_QUERY),
            ScalingResource.EGRESS, or(queries.getEgress(), DEFAULT_PROMETHEUS_EGRESS_QUERY),
            ScalingResource.DISK, or(queries.getDisk(), DEFAULT_PROMETHEUS_DISK_QUERY),
            ScalingResource.PARTITIONS,
                or(queries.getPartitions(), DEFAULT_PROMETHEUS_PARTITIONS_QUERY)));
  }

  /**
   * The same settings in the autoscaler's own terms. The metrics window is the smaller of 5 minutes
   * and the scale-down stabilization, so that a short window set for a small cluster is not
   * outweighed by it. Data is moved at the rebalancer's throttle, so that is the rate a removal's
   * data moves are priced at.
   */
  public io.serverlesskafka.autoscaler.scaling.AutoscalerSettings autoscalerSettings() {
    Duration window =
        scaleDownStabilization.compareTo(Duration.ofMinutes(5)) < 0
            ? scaleDownStabilization
            : Duration.ofMinutes(5);
    return io.serverlesskafka.autoscaler.scaling.AutoscalerSettings.builder()
        .minBrokers(minBrokers)
        .maxBrokers(maxBrokers)
        // Disk is not limited (storage is sized by the spec, not by the autoscaler); partitions
        // are.
        .capacity(
            new io.serverlesskafka.autoscaler.scaling.BrokerCapacity(
                brokerIngressMiBps * io.serverlesskafka.autoscaler.scaling.BrokerCapacity.MIB,
                brokerEgressMiBps * io.serverlesskafka.autoscaler.scaling.BrokerCapacity.MIB,
                0,
                brokerMaxPartitions))
        .targetUtilization(targetUtilization)
        .metricsWindow(window)
        .scaleUpStabilization(scaleUpStabilization)
        .scaleDownStabilization(scaleDownStabilization)
        .maxStep(maxScaleStep)
        .policy(
            leadTime.policy() == AutoscalingPolicy.Target
                ? io.serverlesskafka.autoscaler.scaling.SizingPolicy.TARGET
                : io.serverlesskafka.autoscaler.scaling.SizingPolicy.LEAD_TIME)
        .maxUtilization(leadTime.maxUtilization())
        .provisionTime(leadTime.provisionTime())
        .drainTime(leadTime.drainTime())
        .dipMemory(leadTime.dipMemory())
        .dataMoveBytesPerSec(
            throttleMiBps * io.serverlesskafka.autoscaler.scaling.BrokerCapacity.MIB)
        .mode(
            autoscalingMode == AutoscalingMode.RecommendOnly
                ? io.serverlesskafka.autoscaler.scaling.ScalingMode.RECOMMEND_ONLY
                : io.serverlesskafka.autoscaler.scaling.ScalingMode.AUTO)
        .build();
  }

  /**
   * Problems the CRD schema cannot see because they involve defaults; empty when the spec is
   * usable.
   */
  public Optional<String> problem() {
    if (minBrokers > maxBrokers) {
      return Optional.of(
          "brokers.min (" + minBrokers + ") is greater than brokers.max (" + maxBrokers + ")");
    }
    return Optional.empty();
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
