package io.serverlesskafka.devcluster.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.serverlesskafka.api.v1alpha1.RebalanceStatus;
import io.serverlesskafka.devcluster.kafka.LocalKafkaCluster;
import io.serverlesskafka.operator.rebalance.ClusterRebalancer;
import io.serverlesskafka.operator.rebalance.ExecutorSettings;
import io.serverlesskafka.operator.scaling.ScaleDownRecovery;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Brokers drained before a scale-down stay empty until Strimzi removes them: the rebalancer's check
 * that fills empty brokers (run at every reconcile) must not mistake them for new brokers and move
 * replicas back, which would make Strimzi refuse the removal ({@code ScaleDownPreventionCheck}). On
 * real KRaft brokers.
 */
class DrainedBrokersIT {
  static final String CLUSTER = "kafka/shared";
  static LocalKafkaCluster kafka;
  final ClusterRebalancer rebalancer = new ClusterRebalancer(Clock.systemUTC());
  final List<RebalanceStatus> statuses = new CopyOnWriteArrayList<>();

  /** The messages as written (the rebalancer updates one status object while a plan runs). */
  final List<String> messages = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    kafka =
        LocalKafkaCluster.builder(Files.createTempDirectory("drained-it"))
            .brokerIds(List.of(1, 2, 3))
            .replicationFactor(2)
            .build();
    kafka.start();
    Map<Integer, List<Integer>> spread = new HashMap<>();
    for (int p = 0; p < 6; p++) {
      spread.put(p, List.of(1 + p % 3, 1 + (p + 1) % 3));
    }
    kafka.admin().admin().createTopics(List.of(new NewTopic("orders", spread))).all().get();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private void status(RebalanceStatus status) {
    statuses.add(status);
    messages.add(status.getMessage());
  }

  private static ExecutorSettings settings() {
    return new ExecutorSettings(4, 50L << 20, Duration.ofMinutes(2), Duration.ofMillis(300));
  }

  private void awaitIdle() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !rebalancer.isRunning(CLUSTER));
  }

  @Test
  void theFillCheckLeavesADrainedBrokerEmptyUntilItIsRemoved() throws Exception {
    AtomicInteger lowered = new AtomicInteger();
    assertThat(
            rebalancer.consider(
                ClusterRebalancer.Job.drain(
                    CLUSTER,
                    kafka.admin().admin(),
                    1.1,
                    settings(),
                    Set.of(3),
                    this::status,
                    m -> {},
                    lowered::incrementAndGet)))
        .isTrue();
    awaitIdle();
    assertThat(lowered).as("the pool was lowered after the drain").hasValue(1);
    assertThat(kafka.admin().partitionsOnBroker(3)).as("drained").isEmpty();

    // Strimzi has not removed broker 3 yet; the next reconciles check for empty brokers to fill.
    for (int round = 0; round < 2; round++) {
      fillCheck();
    }

    assertThat(kafka.admin().partitionsOnBroker(3))
        .as("nothing moved back onto the broker being removed")
        .isEmpty();
    assertThat(statuses).noneMatch(s -> ClusterRebalancer.REASON_FILL.equals(s.getReason()));

    // A topic created meanwhile lands on broker 3 (Strimzi would refuse the removal): the check
    // empties it again.
    kafka
        .admin()
        .admin()
        .createTopics(List.of(new NewTopic("late", Map.of(0, List.of(3, 1), 1, List.of(2, 3)))))
        .all()
        .get();
    fillCheck();
    assertThat(kafka.admin().partitionsOnBroker(3)).as("emptied again").isEmpty();
    assertThat(statuses)
        .last()
        .satisfies(
            s -> {
              assertThat(s.getReason()).isEqualTo(ClusterRebalancer.REASON_DRAIN);
              assertThat(s.getMessage()).contains("2/2 moves done");
            });
    assertThat(messages).anyMatch(m -> m.contains("again: replicas landed on them"));
    rebalancer.close();
  }

  /**
   * What the rebalance step submits at a reconcile: the brokers leaving are read from the broker
   * pool.
   */
  private void fillCheck() {
    // The pool asks for 2 brokers while Strimzi still runs 1, 2 and 3.
    Set<Integer> leaving = new ScaleDownRecovery.Pool(2, List.of(1, 2, 3)).leaving();
    assertThat(
            rebalancer.consider(
                ClusterRebalancer.Job.balance(
                        CLUSTER,
                        kafka.admin().admin(),
                        1.1,
                        settings(),
                        null,
                        this::status,
                        m -> {})
                    .withLeaving(leaving)))
        .isTrue();
    awaitIdle();
  }
}
