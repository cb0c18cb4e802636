package io.serverlesskafka.operator.usage;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.Throughput;
import io.serverlesskafka.api.v1alpha1.TopicUsage;
import io.serverlesskafka.operator.kafka.ClusterAdmins;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.TopicNames;
import io.serverlesskafka.operator.status.Conditions;
import io.serverlesskafka.operator.status.StatusWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every ready ServerlessTopic's usage through its cluster's Admin API at a fixed interval,
 * adds it to status.usage (the persistent total, see {@link UsageAccounting}) and exports it as
 * metrics. Runs beside the controllers rather than in them: usage changes with traffic, not with
 * any Kubernetes event.
 */
public final class UsageMeter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);
  private final KubernetesClient client;
  private final ClusterAdmins admins;
  private final StatusWriter statusWriter;
  private final UsageMetrics metrics;
  private final Clock clock;
  private final Set<String> namespaces;
  private final Duration interval;
  private final GatewayScraper gateways;
  private ScheduledExecutorService loop;

  public UsageMeter(
      KubernetesClient client,
      ClusterAdmins admins,
      StatusWriter statusWriter,
      UsageMetrics metrics,
      Clock clock,
      Set<String> namespaces,
      Duration interval) {
    this.client = client;
    this.admins = admins;
    this.statusWriter = statusWriter;
    this.metrics = metrics;
    this.clock = clock;
    this.namespaces = namespaces;
    this.interval = interval;
    this.gateways = new GatewayScraper(client);
  }

  public UsageMeter start() {
    if (interval.isZero() || interval.isNegative()) {
      LOG.info("usage metering off");
      return this;
    }
    loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "usage-meter");
              t.setDaemon(true);
              return t;
            });
    loop.scheduleWithFixedDelay(
        this::safeMeterAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("metering topic usage every {}s", interval.toSeconds());
    return this;
  }

  private void safeMeterAll() {
    try {
      meterAll();
    } catch (RuntimeException e) {
      LOG.warn("usage metering pass failed, next in {}s: {}", interval.toSeconds(), e.toString());
    }
  }

  /** One pass over all ready topics. */
  public void meterAll() {
    Map<String, ServerlessKafka> clusters =
        client.resources(ServerlessKafka.class).inAnyNamespace().list().getItems().stream()
            .collect(
                Collectors.toMap(
                    c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName(),
                    Function.identity()));
    List<ServerlessTopic> topics =
        client.resources(ServerlessTopic.class).inAnyNamespace().list().getItems();
    admins.retain(clusters.keySet());
    metrics.retain(
        topics.stream()
            .map(t -> t.getMetadata().getNamespace() + "/" + t.getMetadata().getName())
            .collect(Collectors.toSet()));
    // each cluster's gateway processes are read once per pass, for all its topics
    Map<String, Optional<List<GatewayScrape>>> gatewayReads = new java.util.HashMap<>();
    for (ServerlessTopic topic : topics) {
      if (!namespaces.isEmpty() && !namespaces.contains(topic.getMetadata().getNamespace())) {
        continue;
      }
      if (topic.getStatus() == null
          || !Conditions.isTrue(topic.getStatus().getConditions(), Conditions.READY)
          || topic.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      ServerlessKafka cluster = clusters.get(topic.getStatus().getCluster());
      if (cluster != null) {
        Optional<List<GatewayScrape>> scrapes =
            gatewayReads.computeIfAbsent(
                topic.getStatus().getCluster(), k -> readGateways(cluster));
        meter(topic, cluster, scrapes.orElse(null));
      }
    }
  }

  private Optional<List<GatewayScrape>> readGateways(ServerlessKafka cluster) {
    try {
      return Optional.ofNullable(gateways.scrape(cluster));
    } catch (RuntimeException e) {
      LOG.warn(
          "gateway of {}/{} not read: {}",
          cluster.getMetadata().getNamespace(),
          cluster.getMetadata().getName(),
          e.toString());
      return Optional.empty();
    }
  }

  private void meter(ServerlessTopic topic, ServerlessKafka cluster, List<GatewayScrape> scrapes) {
    TopicNames names = TopicNames.of(topic);
    Optional<UsageSample> sample =
        admins.call(
            cluster,
            admin ->
                UsageSampler.sample(
                    admin,
                    names.kafkaTopic(),
                    java.util.List.of(names.groupPrefix(), names.legacyGroupPrefix()),
                    clock.instant()));
    if (sample.isEmpty()) {
      return;
    }
    ClusterSettings settings = ClusterSettings.of(cluster.getSpec());
    TopicUsage usage =
        GatewayAccounting.add(
            UsageAccounting.add(topic.getStatus().getUsage(), sample.get(), settings),
            topic.getStatus().getUsage(),
            scrapes,
            names.kafkaUser(),
            sample.get().time(),
            settings);
    // a merge patch of status.usage alone: the reconciler's fields stay as they are
    statusWriter.write(
        topic,
        Map.of(
            "usage",
            usagePatch(topic.getStatus().getUsage(), usage, client.getKubernetesSerialization())));
    metrics.record(names.namespace(), names.name(), topic.getStatus().getCluster(), usage);
    Throughput throughput = topic.getSpec() == null ? null : topic.getSpec().getThroughput();
    metrics.quota(
        names.namespace(),
        names.name(),
        topic.getStatus().getCluster(),
        quotaBytes(throughput == null ? null : throughput.getIngressMiBps(), settings),
        quotaBytes(throughput == null ? null : throughput.getEgressMiBps(), settings));
    LOG.debug(
        "{}/{} usage: {} records in, {} bytes in, {} bytes out, {} bytes stored",
        names.namespace(),
        names.name(),
        usage.getRecordsIn(),
        usage.getBytesIn(),
        usage.getBytesOut(),
        usage.getStoredBytes());
  }

  /**
   * The usage as a merge patch: gateway instances forgotten since the previous usage are written as
   * null, which is how a JSON merge patch removes a key (an absent key would be kept).
   */
  static Map<String, Object> usagePatch(
      TopicUsage previous,
      TopicUsage usage,
      io.fabric8.kubernetes.client.utils.KubernetesSerialization serialization) {
    @SuppressWarnings("unchecked")
    Map<String, Object> patch =
        new java.util.LinkedHashMap<>(serialization.convertValue(usage, Map.class));
    Map<String, ?> before =
        previous == null || previous.getGatewayInstances() == null
            ? Map.of()
            : previous.getGatewayInstances();
    Map<String, ?> now =
        usage.getGatewayInstances() == null ? Map.of() : usage.getGatewayInstances();
    if (!now.keySet().containsAll(before.keySet())) {
      @SuppressWarnings("unchecked")
      Map<String, Object> instances =
          new java.util.LinkedHashMap<>(
              (Map<String, Object>) patch.getOrDefault("gatewayInstances", Map.of()));
      before.keySet().stream()
          .filter(k -> !now.containsKey(k))
          .forEach(k -> instances.put(k, null));
      patch.put("gatewayInstances", instances);
    }
    return patch;
  }

  /**
   * What a manifest's MiB/s allows cluster-wide, as the topic model writes it into the KafkaUser's
   * quotas.
   */
  private static Double quotaBytes(Double mibPerSecond, ClusterSettings settings) {
    return mibPerSecond == null ? null : mibPerSecond * settings.quotaBurstFactor() * 1_048_576;
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.shutdownNow();
    }
  }
}
