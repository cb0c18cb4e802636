package io.serverlesskafka.operator.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serverlesskafka.autoscaler.rebalance.PartitionReassignment;
import io.serverlesskafka.autoscaler.rebalance.ReassignmentPlan;
import io.serverlesskafka.autoscaler.simulation.SimulationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReassignmentExecutorTest {
  final SimulationClock clock = new SimulationClock(Instant.parse("2026-01-01T00:00:00Z"));
  final InMemoryPartitionMover kafka = new InMemoryPartitionMover();
  final ReassignmentExecutor executor = new ReassignmentExecutor(kafka, clock, clock::advance);
  final List<ExecutionProgress> reports = new ArrayList<>();

  /** Ten partitions of 1 MiB on brokers 1 and 2, each moving its second replica to broker 3. */
  private ReassignmentPlan fillBrokerThree() {
    List<PartitionReassignment> moves = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      kafka.replicas.put(new PartitionId("orders", p), List.of(1, 2));
      moves.add(new PartitionReassignment("orders", p, List.of(1, 2), List.of(1, 3), 1 << 20));
    }
    return new ReassignmentPlan(moves);
  }

  private static ExecutorSettings settings(int perBroker) {
    return new ExecutorSettings(perBroker, 1 << 20, Duration.ofMinutes(5), Duration.ofSeconds(1));
  }

  @Test
  void movesEverythingWithBoundedConcurrencyPerBroker() throws Exception {
    ExecutionProgress result = executor.execute(fillBrokerThree(), settings(3), reports::add);
    assertThat(result.finished()).isTrue();
    assertThat(result.movesDone()).isEqualTo(10);
    assertThat(result.bytesDone()).isEqualTo(10L << 20);
    assertThat(kafka.replicas.values()).allMatch(r -> r.equals(List.of(1, 3)));
    assertThat(kafka.concurrentMoves).allMatch(n -> n <= 3);
    assertThat(reports).extracting(ExecutionProgress::movesDone).isSorted();
  }

  @Test
  void throttlesTheBrokersInvolvedAndClearsAfterwardsThenElectsLeaders() throws Exception {
    executor.execute(fillBrokerThree(), settings(5), reports::add);
    assertThat(kafka.throttledBrokers).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(kafka.throttleCleared).isTrue();
    assertThat(kafka.elected).hasSize(10);
  }

  @Test
  void resumesARunningPlanWithoutRestartingDoneOrRunningMoves() throws Exception {
    ReassignmentPlan plan = fillBrokerThree();
    // As after an operator restart: two moves done, one still running in Kafka.
    kafka.replicas.put(new PartitionId("orders", 0), List.of(1, 3));
    kafka.replicas.put(new PartitionId("orders", 1), List.of(1, 3));
    kafka.targets.put(new PartitionId("orders", 2), List.of(1, 3));
    kafka.remainingChecks.put(new PartitionId("orders", 2), 3);
    ExecutionProgress result = executor.execute(plan, settings(5), reports::add);
    assertThat(result.movesDone()).isEqualTo(10);
    assertThat(reports.get(0).movesDone()).isEqualTo(2);
    assertThat(kafka.replicas.values()).allMatch(r -> r.equals(List.of(1, 3)));
  }

  @Test
  void cancelsMovesStuckPastTheTimeout() throws Exception {
    kafka.stuck.add(new PartitionId("orders", 4));
    ExecutionProgress result =
        executor.execute(
            fillBrokerThree(),
            new ExecutorSettings(5, 1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(1)),
            reports::add);
    assertThat(result.movesCancelled()).isEqualTo(1);
    assertThat(result.movesDone()).isEqualTo(9);
    assertThat(kafka.cancelled).containsExactly(new PartitionId("orders", 4));
    assertThat(kafka.replicas.get(new PartitionId("orders", 4)))
        .as("keeps its replicas")
        .containsExactly(1, 2);
    assertThat(kafka.throttleCleared).isTrue();
  }

  @Test
  void aLargePartitionsMoveIsGivenTheTimeItsCopyTakesAtTheThrottle() throws Exception {
    // 100 GiB at the default 40 MiB/s takes about 43 minutes: longer than any fixed limit of half
    // an hour.
    long size = 100L << 30;
    ExecutorSettings production = ExecutorSettings.of(40);
    kafka.replicas.put(new PartitionId("big", 0), List.of(1, 2));
    kafka.checksPerMove =
        (int) (size / (40L << 20)) + 60; // one check per second of copying, and a minute more
    ExecutionProgress result =
        executor.execute(
            new ReassignmentPlan(
                List.of(new PartitionReassignment("big", 0, List.of(1, 2), List.of(1, 3), size))),
            production,
            reports::add);
    assertThat(result.movesCancelled()).isZero();
    assertThat(result.movesDone()).isEqualTo(1);
    assertThat(kafka.replicas.get(new PartitionId("big", 0))).containsExactly(1, 3);
  }

  @Test
  void aDrainOfABigBrokerEndsWhenItsMovesShareTheThrottle() throws Exception {
    // Broker 3 holds eight 20 GiB partitions; five at a time share its 40 MiB/s: each copy takes
    // about 43 minutes.
    List<PartitionReassignment> moves = new ArrayList<>();
    for (int p = 0; p < 8; p++) {
      kafka.replicas.put(new PartitionId("big", p), List.of(3, 1));
      moves.add(new PartitionReassignment("big", p, List.of(3, 1), List.of(2, 1), 20L << 30));
    }
    kafka.checksPerMove = (int) (5 * (20L << 30) / (40L << 20));
    ExecutionProgress result =
        executor.execute(new ReassignmentPlan(moves), ExecutorSettings.of(40), reports::add);
    assertThat(result.movesCancelled()).isZero();
    assertThat(result.movesDone()).isEqualTo(8);
  }

  @Test
  void theStuckLimitFollowsSizeAndThrottleAboveAFloor() {
    ExecutorSettings settings = ExecutorSettings.of(40);
    assertThat(settings.stuckLimit(0)).isEqualTo(settings.stuckTimeout());
    assertThat(settings.stuckLimit(1L << 20))
        .as("small partitions: the floor")
        .isEqualTo(settings.stuckTimeout());
    // 100 GiB, its share of the throttle is 40/5 MiB/s: 12,800 s of copying, twice that as a
    // margin.
    assertThat(settings.stuckLimit(100L << 30)).isEqualTo(Duration.ofSeconds(2 * 12_800));
    assertThat(ExecutorSettings.of(80).stuckLimit(100L << 30))
        .as("a higher throttle, a shorter limit")
        .isEqualTo(Duration.ofSeconds(2 * 6_400));
    assertThat(
            new ExecutorSettings(5, 0, Duration.ofMinutes(10), Duration.ofSeconds(1))
                .stuckLimit(100L << 30))
        .as("no throttle known: the floor")
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void refusesASecondPlanWhileOneRuns() throws Exception {
    ReassignmentExecutor[] self = {null};
    self[0] =
        new ReassignmentExecutor(
            kafka,
            clock,
            d -> {
              clock.advance(d);
              assertThatThrownBy(() -> self[0].execute(fillBrokerThree(), settings(5), p -> {}))
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessageContaining("already running");
            });
    self[0].execute(fillBrokerThree(), settings(5), reports::add);
  }

  @Test
  void leadershipOnlyChangesUseNoMoveBudget() {
    var r = new PartitionReassignment("t", 0, List.of(1, 2), List.of(2, 1), 1 << 30);
    assertThat(ReassignmentExecutor.movingBrokers(r)).isEmpty();
    var move = new PartitionReassignment("t", 1, List.of(1, 2), List.of(3, 2), 1 << 30);
    assertThat(ReassignmentExecutor.movingBrokers(move)).containsExactlyInAnyOrder(1, 3);
  }

  @Test
  void estimatesTimeLeftFromTheBusiestDestination() throws Exception {
    executor.execute(fillBrokerThree(), settings(1), reports::add);
    // 10 MiB to broker 3 at 1 MiB/s
    assertThat(reports.get(0).estimatedSecondsLeft()).isBetween(9L, 10L);
  }
}
