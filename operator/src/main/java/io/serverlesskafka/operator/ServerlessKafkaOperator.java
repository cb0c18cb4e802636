package io.serverlesskafka.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.serverlesskafka.operator.config.OperatorConfig;
import io.serverlesskafka.operator.events.EventRecorder;
import io.serverlesskafka.operator.kafka.ClusterAdmins;
import io.serverlesskafka.operator.kafka.ClusterCaCertificates;
import io.serverlesskafka.operator.kafka.PartitionLeaders;
import io.serverlesskafka.operator.metrics.JosdkMetricsBridge;
import io.serverlesskafka.operator.metrics.OperatorMetrics;
import io.serverlesskafka.operator.rebalance.ClusterRebalancer;
import io.serverlesskafka.operator.rebalance.KafkaTopicThrottleMarks;
import io.serverlesskafka.operator.reconcile.AutoscalingStep;
import io.serverlesskafka.operator.reconcile.ConsumerScalingStep;
import io.serverlesskafka.operator.reconcile.KedaAvailability;
import io.serverlesskafka.operator.reconcile.RebalanceStep;
import io.serverlesskafka.operator.reconcile.ResourceApplier;
import io.serverlesskafka.operator.reconcile.ServerlessKafkaReconciler;
import io.serverlesskafka.operator.reconcile.ServerlessTopicReconciler;
import io.serverlesskafka.operator.status.StatusWriter;
import io.serverlesskafka.operator.usage.UsageMeter;
import io.serverlesskafka.operator.usage.UsageMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the controllers, metrics and leader election into one operator; used by main, dev and tests
 * alike.
 */
public final class ServerlessKafkaOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerlessKafkaOperator.class);
  private final Operator operator;
  private final OperatorMetrics metrics;
  private final OperatorConfig config;
  private final ClusterAdmins admins;
  private final ClusterRebalancer rebalancer;
  private final UsageMeter usageMeter;
  private HTTPServer metricsServer;
  private volatile boolean closing;

  public ServerlessKafkaOperator(KubernetesClient client, OperatorConfig config) {
    this.config = config;
    PrometheusRegistry registry = new PrometheusRegistry();
    this.metrics = new OperatorMetrics(registry);
    Clock clock = Clock.systemUTC();
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withMetrics(new JosdkMetricsBridge(metrics))
                  .withCloseClientOnStop(false)
                  .withStopOnInformerErrorDuringStartup(true);
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            config.leaseName())
                        .withLeaseNamespace(config.leaseNamespace())
                        .withIdentity(config.leaseIdentity())
                        // Exit only when leadership is lost while running (the pod restarts and
                        // becomes a standby);
                        // a replica being shut down gives the lease up without exiting the JVM.
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> LOG.info("leader ({}): reconciling", config.leaseIdentity()),
                                () -> {
                                  if (!closing) {
                                    LOG.error(
                                        "lost the leader lease {}/{}; exiting so that a new leader takes over",
                                        config.leaseNamespace(),
                                        config.leaseName());
                                    System.exit(1);
                                  }
                                },
                                leader -> LOG.info("leader is now {}", leader)))
                        .build());
              }
            });
    ResourceApplier applier = new ResourceApplier(client);
    StatusWriter statusWriter = new StatusWriter(client);
    EventRecorder events = new EventRecorder(client, clock);
    ClusterCaCertificates caCertificates = new ClusterCaCertificates(client, clock);
    admins = new ClusterAdmins(client, clock, caCertificates);
    rebalancer =
        new ClusterRebalancer(clock, key -> KafkaTopicThrottleMarks.forCluster(client, key));
    RebalanceStep rebalanceStep =
        new RebalanceStep(client, admins, rebalancer, statusWriter, events, metrics, clock);
    AutoscalingStep autoscalingStep =
        new AutoscalingStep(
            client, applier, admins, rebalancer, statusWriter, events, clock, metrics);
    PartitionLeaders leaders = new PartitionLeaders(admins);
    metrics.track("event_names", events::trackedEntries);
    metrics.track("admin_clients", admins::openClients);
    metrics.track("cluster_admins", admins::trackedEntries);
    metrics.track("partition_leaders", leaders::trackedEntries);
    metrics.track("rebalancer", rebalancer::trackedEntries);
    metrics.track("rebalance_watches", rebalanceStep::trackedEntries);
    metrics.track("autoscalers", autoscalingStep::trackedEntries);
    ServerlessKafkaReconciler clusters =
        new ServerlessKafkaReconciler(
            applier, statusWriter, events, metrics, clock, rebalanceStep, autoscalingStep);
    metrics.track("cluster_statuses", clusters::trackedEntries);
    operator.register(clusters, namespaces());
    ConsumerScalingStep consumerScaling =
        new ConsumerScalingStep(
            client, applier, events, new KedaAvailability(client, clock), clock);
    operator.register(
        new ServerlessTopicReconciler(
                client,
                applier,
                statusWriter,
                events,
                metrics,
                clock,
                leaders,
                consumerScaling,
                caCertificates)
            .withUserSecretNamespaces(config.clusterNamespaces()),
        namespaces());
    usageMeter =
        new UsageMeter(
            client,
            admins,
            statusWriter,
            new UsageMetrics(registry),
            clock,
            config.watchNamespaces(),
            config.usageInterval());
    if (config.metricsPort() >= 0) {
      JvmMetrics.builder().register(registry);
    }
  }

  private <R extends io.fabric8.kubernetes.api.model.HasMetadata>
      Consumer<ControllerConfigurationOverrider<R>> namespaces() {
    return o -> {
      if (config.watchNamespaces().isEmpty()) {
        o.watchingAllNamespaces();
      } else {
        o.settingNamespaces(config.watchNamespaces());
      }
    };
  }

  public ServerlessKafkaOperator start() {
    if (config.metricsPort() >= 0) {
      try {
        metricsServer =
            HTTPServer.builder()
                .port(config.metricsPort())
                .registry(metrics.registry())
                .buildAndStart();
        LOG.info("metrics on http://localhost:{}/metrics", metricsServer.getPort());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the metrics port " + config.metricsPort(), e);
      }
    }
    operator.start();
    usageMeter.start();
    LOG.info(
        "operator started, watching {}",
        config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces());
    return this;
  }

  /** Port of the metrics endpoint, or -1 when it is off. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.getPort();
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    closing = true;
    usageMeter.close();
    operator.stop();
    rebalancer.close();
    admins.close();
    if (metricsServer != null) {
      metricsServer.close();
    }
  }
}
