package io.serverlesskafka.operator.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator process runs, from environment variables (the Helm chart sets them).
 *
 * @param watchNamespaces namespaces whose ServerlessTopics and ServerlessKafkas are reconciled;
 *     empty = all
 * @param metricsPort port of the Prometheus endpoint (/metrics); 0 picks a free port, -1 disables
 *     it
 * @param leaderElection whether to take a Lease before reconciling, for more than one replica
 * @param leaseNamespace namespace of the Lease (the operator's own)
 * @param leaseName name of the Lease
 * @param usageInterval how often topic usage is sampled (USAGE_METERING_INTERVAL_SECONDS); zero
 *     turns metering off
 * @param leaseIdentity who holds the Lease: POD_NAME in a pod; elsewhere the host name and process
 *     id, because two operator processes on one machine share a host name and would both believe
 *     they lead
 * @param clusterNamespaces namespaces that hold ServerlessKafkas (CLUSTER_NAMESPACES); Strimzi's
 *     user Secrets are watched only there, so that the operator needs no cluster-wide Secret read;
 *     empty = all
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    int metricsPort,
    boolean leaderElection,
    String leaseNamespace,
    String leaseName,
    Duration usageInterval,
    String leaseIdentity,
    Set<String> clusterNamespaces) {
  public static final int DEFAULT_METRICS_PORT = 8080;
  public static final int DEFAULT_USAGE_INTERVAL_SECONDS = 60;

  public static OperatorConfig defaults() {
    return fromEnv(Map.of());
  }

  public static OperatorConfig fromEnv(Map<String, String> env) {
    Set<String> namespaces = list(env.getOrDefault("WATCH_NAMESPACES", ""));
    int port =
        Integer.parseInt(
            env.getOrDefault("METRICS_PORT", String.valueOf(DEFAULT_METRICS_PORT)).trim());
    boolean le = Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION_ENABLED", "false").trim());
    String leaseNs = env.getOrDefault("POD_NAMESPACE", "default");
    String leaseName = env.getOrDefault("LEADER_ELECTION_LEASE_NAME", "serverless-kafka-operator");
    Duration usage =
        Duration.ofSeconds(
            Long.parseLong(
                env.getOrDefault(
                        "USAGE_METERING_INTERVAL_SECONDS",
                        String.valueOf(DEFAULT_USAGE_INTERVAL_SECONDS))
                    .trim()));
    String identity =
        env.getOrDefault("POD_NAME", "").isBlank()
            ? env.getOrDefault("HOSTNAME", "operator") + "-" + ProcessHandle.current().pid()
            : env.get("POD_NAME").trim();
    return new OperatorConfig(
        namespaces,
        port,
        le,
        leaseNs,
        leaseName,
        usage,
        identity,
        list(env.getOrDefault("CLUSTER_NAMESPACES", "")));
  }

  private static Set<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  public OperatorConfig withMetricsPort(int port) {
    return new OperatorConfig(
        watchNamespaces,
        port,
        leaderElection,
        leaseNamespace,
        leaseName,
        usageInterval,
        leaseIdentity,
        clusterNamespaces);
  }

  public OperatorConfig withWatchNamespaces(Set<String> namespaces) {
    return new OperatorConfig(
        Set.copyOf(namespaces),
        metricsPort,
        leaderElection,
        leaseNamespace,
        leaseName,
        usageInterval,
        leaseIdentity,
        clusterNamespaces);
  }

  public OperatorConfig withClusterNamespaces(Set<String> namespaces) {
    return new OperatorConfig(
        watchNamespaces,
        metricsPort,
        leaderElection,
        leaseNamespace,
        leaseName,
        usageInterval,
        leaseIdentity,
        Set.copyOf(namespaces));
  }

  public OperatorConfig withUsageInterval(Duration interval) {
    return new OperatorConfig(
        watchNamespaces,
        metricsPort,
        leaderElection,
        leaseNamespace,
        leaseName,
        interval,
        leaseIdentity,
        clusterNamespaces);
  }
}
