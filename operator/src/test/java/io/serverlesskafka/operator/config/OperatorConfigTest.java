package io.serverlesskafka.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  @Test
  void defaultsWatchAllNamespacesWithoutLeaderElection() {
    OperatorConfig config = OperatorConfig.defaults();
    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.metricsPort()).isEqualTo(8080);
    assertThat(config.leaderElection()).isFalse();
  }

  @Test
  void readsTheEnvironmentTheChartSets() {
    OperatorConfig config =
        OperatorConfig.fromEnv(
            Map.of(
                "WATCH_NAMESPACES", "team-a, team-b,,",
                "METRICS_PORT", "9404",
                "LEADER_ELECTION_ENABLED", "true",
                "LEADER_ELECTION_LEASE_NAME", "skafka",
                "POD_NAMESPACE", "serverless-kafka"));
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(config.metricsPort()).isEqualTo(9404);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseName()).isEqualTo("skafka");
    assertThat(config.leaseNamespace()).isEqualTo("serverless-kafka");
  }
}
