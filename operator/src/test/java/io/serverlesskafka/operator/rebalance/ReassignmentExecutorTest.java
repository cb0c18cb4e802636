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
    ExecutionProgress result = executor.execute(fillBrokerThree(),
        new ExecutorSettings(5, 1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(1)), reports::add);
    assertThat(result.movesCancelled()).isEqualTo(1);
    assertThat(result.movesDone()).isEqualTo(9);
    assertThat(kafka.cancelled).containsExactly(new PartitionId("orders", 4));
    assertThat(kafka.replicas.get(new PartitionId("orders", 4))).as("keeps its replicas").containsExactly(1, 2);
    assertThat(kafka.throttleCleared).isTrue();
  }

  @Test
  void refusesASecondPlanWhileOneRuns() throws Exception {
    ReassignmentExecutor[] self = {null};
    self[0] = new ReassignmentExecutor(kafka, clock, d -> {
      clock.advance(d);
      assertThatThrownBy(() -> self[0].execute(fillBrokerThree(), settings(5), p -> {}))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
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
