package io.serverlesskafka.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.serverlesskafka.operator.scaling.ScaleDownRecovery.Action;
import io.serverlesskafka.operator.scaling.ScaleDownRecovery.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScaleDownRecoveryTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Optional<String> REFUSED =
      Optional.of("Cannot scale down broker 3: it has assigned partition-replicas");
  final ScaleDownRecovery recovery = new ScaleDownRecovery();
  final Pool refusedPool = new Pool(2, List.of(1, 2, 3));

  @Test
  void aRefusedScaleDownIsDrainedAgainThenAbandonedWithTheReason() {
    Action first = recovery.check(refusedPool, REFUSED, false, T0);
    assertThat(first)
        .isEqualTo(
            new Action.Drain(
                java.util.Set.of(3), 1, "Strimzi refused to remove brokers [3]: " + REFUSED.get()));

    assertThat(recovery.check(refusedPool, REFUSED, true, T0.plusSeconds(30)))
        .as("the drain runs")
        .isEqualTo(
            new Action.Wait(
                Optional.of("drain of brokers [3] in progress (the pool is lowered to 2)")));
    assertThat(recovery.check(refusedPool, REFUSED, false, T0.plusSeconds(60)))
        .as("Strimzi has not tried again yet: its warning is stale")
        .isEqualTo(
            new Action.Wait(
                Optional.of(
                    "scale-down refused by Strimzi; brokers [3] drained again (attempt 1 of 2), retrying at 2026-01-01T00:03:00Z")));

    Instant second = T0.plus(ScaleDownRecovery.RETRY_AFTER);
    assertThat(recovery.check(refusedPool, REFUSED, false, second))
        .isInstanceOf(Action.Drain.class)
        .extracting(a -> ((Action.Drain) a).attempt())
        .isEqualTo(2);

    Action last =
        recovery.check(refusedPool, REFUSED, false, second.plus(ScaleDownRecovery.RETRY_AFTER));
    assertThat(last).isInstanceOf(Action.Abandon.class);
    Action.Abandon abandon = (Action.Abandon) last;
    assertThat(abandon.restoreTo()).as("the brokers that run").isEqualTo(3);
    assertThat(abandon.kept()).containsExactly(3);
    assertThat(abandon.why())
        .contains("Strimzi refused to remove brokers [3]", "partition-replicas");
  }

  @Test
  void aRemovalStrimziIsStillCarryingOutIsLeftAlone() {
    assertThat(recovery.check(refusedPool, Optional.empty(), false, T0))
        .isEqualTo(
            new Action.Wait(
                Optional.of(
                    "Strimzi to remove brokers [3] (pool lowered to 2; counted as refused at 2026-01-01T00:10:00Z)")));
    assertThat(
            recovery.check(
                refusedPool,
                Optional.empty(),
                false,
                T0.plus(ScaleDownRecovery.PATIENCE).minusSeconds(1)))
        .isInstanceOf(Action.Wait.class);
    assertThat(
            recovery.check(
                refusedPool, Optional.empty(), false, T0.plus(ScaleDownRecovery.PATIENCE)))
        .as("without Strimzi's warning, pending for too long counts as refused")
        .isInstanceOf(Action.Drain.class);
  }

  @Test
  void aCarriedOutScaleDownStartsAfresh() {
    recovery.check(refusedPool, REFUSED, false, T0);
    recovery.check(refusedPool, REFUSED, false, T0.plus(ScaleDownRecovery.RETRY_AFTER));
    assertThat(
            recovery.check(
                new Pool(2, List.of(1, 2)),
                Optional.empty(),
                false,
                T0.plus(Duration.ofMinutes(7))))
        .as("nothing pending")
        .isEqualTo(new Action.Wait(Optional.empty()));
    // A later refusal gets its own drains before it is abandoned.
    assertThat(recovery.check(refusedPool, REFUSED, false, T0.plus(Duration.ofHours(1))))
        .isInstanceOf(Action.Drain.class)
        .extracting(a -> ((Action.Drain) a).attempt())
        .isEqualTo(1);
  }

  @Test
  void theBrokersLeavingAreTheHighestBeyondTheRequestedCount() {
    assertThat(new Pool(3, List.of(5, 1, 7, 2, 3)).leaving()).containsExactlyInAnyOrder(7, 5);
    assertThat(new Pool(3, List.of(1, 2, 3)).leaving()).isEmpty();
    assertThat(new Pool(4, List.of(1, 2, 3)).leaving()).as("a scale-up").isEmpty();
  }
}
