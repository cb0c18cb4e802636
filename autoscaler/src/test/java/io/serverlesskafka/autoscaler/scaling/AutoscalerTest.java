package io.serverlesskafka.autoscaler.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutoscalerTest {
  // Defaults: 50 MiB/s ingress per broker, target 0.6 -> 30 MiB/s per broker at target.
  // These rules are the fixed-target policy's; LeadTimePolicyTest covers the default policy.
  private static final AutoscalerSettings DEFAULTS =
      AutoscalerSettings.defaults().toBuilder().policy(SizingPolicy.TARGET).build();

  @Test
  void scalesUpInOneStepAfterStabilization() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 6);
    // 280 MiB/s on 6 brokers: 0.93 of capacity (not saturated), needs ceil(280 / 30) = 10.
    harness.run(Duration.ofSeconds(60), 280);
    assertThat(harness.cluster.realized).isEmpty();
    assertThat(harness.decisions)
        .last()
        .extracting(ScaleDecision::reason)
        .isEqualTo(DecisionReason.SCALE_UP_STABILIZING);

    ScaleDecision decision = harness.evaluate();

    assertThat(decision.reason()).isEqualTo(DecisionReason.SCALE_UP);
    assertThat(harness.cluster.requested()).isEqualTo(10);
    assertThat(harness.cluster.realized).hasSize(1);
  }

  @Test
  void scalesUpWithoutWaitingWhenSaturated() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 3);
    harness.run(Duration.ofMinutes(5), 60);

    // 240 MiB/s on 3 brokers (150 MiB/s capacity): saturated, needs 8.
    ScaleDecision decision = harness.run(AutoscalerHarness.STEP, 240);

    assertThat(decision.reason()).isEqualTo(DecisionReason.SCALE_UP_SATURATED);
    assertThat(harness.cluster.requested()).isEqualTo(8);
  }

  @Test
  void ignoresWobbleInsideDeadBand() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 3);
    // 3 brokers at target carry 90 MiB/s; the dead band is 81..99 MiB/s (0.54..0.66 of 150).
    for (int minute = 0; minute < 120; minute++) {
      harness.run(Duration.ofMinutes(1), minute % 2 == 0 ? 84 : 97);
    }
    assertThat(harness.cluster.realized).isEmpty();
    assertThat(harness.events.events).isEmpty();
    assertThat(harness.decisions)
        .extracting(ScaleDecision::reason)
        .containsOnly(DecisionReason.WITHIN_DEAD_BAND);
  }

  @Test
  void scalesDownOnlyAfterWindowUsingHighestRecommendation() {
    AutoscalerSettings settings =
        DEFAULTS.toBuilder()
            .metricsWindow(Duration.ofSeconds(10))
            .scaleDownStabilization(Duration.ofMinutes(15))
            .build();
    AutoscalerHarness harness = new AutoscalerHarness(settings, 10);
    harness.run(Duration.ofMinutes(5), 150); // needs 5
    harness.run(Duration.ofMinutes(5), 200); // needs 7
    harness.run(Duration.ofMinutes(5), 100); // needs 4
    assertThat(harness.cluster.realized).as("nothing before the 15 min window is full").isEmpty();

    ScaleDecision decision = harness.run(AutoscalerHarness.STEP, 100);

    assertThat(decision.reason()).isEqualTo(DecisionReason.SCALE_DOWN);
    assertThat(harness.cluster.requested()).as("highest recommendation of the window").isEqualTo(7);
    assertThat(decision.message()).contains("highest recommendation in the last 15m is 7");
  }

  @Test
  void sizesScaleDownOnAveragesOfLoadInsideTheWindowOnly() {
    // 5-minute averages, 8-minute scale-down window.
    AutoscalerSettings settings =
        DEFAULTS.toBuilder().scaleDownStabilization(Duration.ofMinutes(8)).build();
    AutoscalerHarness harness = new AutoscalerHarness(settings, 10);
    harness.run(Duration.ofMinutes(10), 280); // 0.56 of 10 brokers: inside the dead band
    harness.run(
        Duration.ofMinutes(7), 60); // needs 2, i.e. the minimum of 3, once the average has dropped
    assertThat(harness.cluster.realized).as("nothing before the 8 min window is full").isEmpty();

    harness.run(Duration.ofMinutes(2), 60);

    // The averages of the window's first 5 minutes still contain the 280 MiB/s before the drop
    // (they
    // recommend up to 9); the averages inside the window see 60 MiB/s only: straight to 3 in one
    // step.
    assertThat(harness.cluster.realized)
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.reason()).isEqualTo(DecisionReason.SCALE_DOWN);
              assertThat(decision.currentBrokers()).isEqualTo(10);
              assertThat(decision.targetBrokers()).isEqualTo(3);
              assertThat(decision.message()).contains("highest recommendation in the last 8m is 3");
            });
  }

  @Test
  void doesNotScaleDownWhileLoadReturnsWithinWindow() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 6);
    for (int i = 0; i < 8; i++) {
      harness.run(
          Duration.ofMinutes(7), 60); // 6 brokers too many for 7 min (the default window is 8)...
      harness.run(Duration.ofMinutes(10), 170); // ...then needed again
    }
    assertThat(harness.cluster.realized).isEmpty();
  }

  @Test
  void doesNotScaleDownOnLaggingAveragesWhenLoadCameBack() {
    AutoscalerSettings settings =
        DEFAULTS.toBuilder().scaleDownStabilization(Duration.ofMinutes(8)).build();
    AutoscalerHarness harness = new AutoscalerHarness(settings, 6);
    harness.run(Duration.ofMinutes(7), 60); // the averages allow 3 from about 40 s on...
    // ...and still do for about 4.5 minutes after the load is back at 170 MiB/s (0.57 of 6 brokers,
    // inside
    // the dead band): the 8-minute window fills during that time, but the latest samples need all
    // 6.
    harness.run(Duration.ofMinutes(5), 170);

    assertThat(harness.cluster.realized).isEmpty();
    assertThat(harness.decisions)
        .extracting(ScaleDecision::reason)
        .contains(DecisionReason.LOAD_RISING);
    assertThat(harness.decisions)
        .filteredOn(d -> d.reason() == DecisionReason.LOAD_RISING)
        .first()
        .extracting(ScaleDecision::message)
        .asString()
        .contains("but the latest samples needed 6 throughout the last 1m");
  }

  @Test
  void makesNoDecisionWhileReassignmentRuns() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 6);
    harness.cluster.reassignment(true);
    harness.run(Duration.ofMinutes(5), 280);
    assertThat(harness.cluster.realized).isEmpty();
    assertThat(harness.decisions)
        .extracting(ScaleDecision::reason)
        .containsOnly(DecisionReason.REASSIGNMENT_IN_PROGRESS);

    harness.cluster.reassignment(false);
    harness.run(AutoscalerHarness.STEP, 280);

    assertThat(harness.cluster.requested()).isEqualTo(10);
  }

  @Test
  void makesNoDecisionWhilePreviousScalingSettles() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 3);
    harness.cluster.slowReadiness();
    harness.run(AutoscalerHarness.STEP, 240); // saturated: 3 -> 8
    assertThat(harness.cluster.requested()).isEqualTo(8);

    harness.run(Duration.ofMinutes(3), 350); // would need 12, but 5 brokers are still provisioning
    assertThat(harness.cluster.realized).hasSize(1);
    assertThat(harness.decisions)
        .last()
        .extracting(ScaleDecision::reason)
        .isEqualTo(DecisionReason.SCALING_IN_PROGRESS);

    harness.cluster.settle();
    harness.run(Duration.ofSeconds(70), 350);
    assertThat(harness.cluster.requested()).isEqualTo(12);
  }

  @Test
  void scalesUpWhileARefusedScaleDownLeavesMoreBrokersServingThanRequested() {
    AutoscalerSettings settings =
        DEFAULTS.toBuilder()
            .metricsWindow(Duration.ofSeconds(10))
            .scaleDownStabilization(Duration.ofMinutes(5))
            .build();
    AutoscalerHarness harness = new AutoscalerHarness(settings, 6);
    harness.cluster.refuseScaleDowns();
    harness.run(Duration.ofMinutes(6), 60); // needs 2, the minimum is 3
    assertThat(harness.cluster.requested()).isEqualTo(3);
    assertThat(harness.cluster.ready()).as("Strimzi refused: all six still serve").isEqualTo(6);

    // The load rises to what 8 brokers carry (not saturating the 6 that serve): a scale-up is due
    // all the same.
    harness.run(Duration.ofMinutes(3), 240);

    assertThat(harness.decisions)
        .extracting(ScaleDecision::reason)
        .contains(DecisionReason.SCALE_UP);
    assertThat(harness.cluster.requested()).isEqualTo(8);
  }

  @Test
  void recommendOnlyModeNeverRealizes() {
    AutoscalerSettings settings = DEFAULTS.toBuilder().mode(ScalingMode.RECOMMEND_ONLY).build();
    AutoscalerHarness harness = new AutoscalerHarness(settings, 3);

    harness.run(Duration.ofMinutes(10), 240);

    assertThat(harness.cluster.realized).isEmpty();
    assertThat(harness.cluster.requested()).isEqualTo(3);
    assertThat(harness.events.events)
        .isNotEmpty()
        .allSatisfy(
            event -> {
              assertThat(event.realized()).isFalse();
              assertThat(event.targetBrokers()).isEqualTo(8);
            });
  }

  @Test
  void respectsMaxStepAndMaxBrokers() {
    AutoscalerSettings settings = DEFAULTS.toBuilder().maxStep(2).build();
    AutoscalerHarness harness = new AutoscalerHarness(settings, 3);

    harness.run(AutoscalerHarness.STEP, 1000); // needs 34, saturated
    assertThat(harness.cluster.requested()).isEqualTo(5);
    harness.run(Duration.ofMinutes(10), 1000);

    assertThat(harness.cluster.requested()).isEqualTo(12);
    assertThat(harness.cluster.realized)
        .allSatisfy(d -> assertThat(d.targetBrokers() - d.currentBrokers()).isBetween(1, 2));
    assertThat(harness.decisions)
        .last()
        .extracting(ScaleDecision::reason)
        .isEqualTo(DecisionReason.AT_MAX_BROKERS);
  }

  @Test
  void bringsCountBackWithinBoundsAfterSettingsChange() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 15);
    ScaleDecision decision = harness.run(AutoscalerHarness.STEP, 10);
    assertThat(decision.reason()).isEqualTo(DecisionReason.OUTSIDE_BOUNDS);
    assertThat(harness.cluster.requested()).isEqualTo(12);
  }

  @Test
  void everyDecisionCarriesItsReasonWithNumbers() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 6);
    harness.run(Duration.ofSeconds(70), 280);

    assertThat(harness.events.events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.reason()).isEqualTo(DecisionReason.SCALE_UP);
              assertThat(event.message())
                  .contains("ingress at 0.93 of 6 brokers' capacity")
                  .contains("280.0 MiB/s")
                  .contains("target 0.60 ±10%")
                  .contains("needs 10")
                  .contains("scaling 6 -> 10");
            });
  }

  @Test
  void keepsWindowsInTheStateStoreAcrossAutoscalerInstances() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 6);
    harness.run(Duration.ofSeconds(50), 280);
    // A restarted operator builds a new Autoscaler over the same store: the 50 s already seen
    // count.
    Autoscaler restarted =
        new Autoscaler(
            "team-a/kafka",
            DEFAULTS,
            harness.clock,
            harness.cluster,
            harness.store,
            harness.cluster,
            harness.events);
    harness.clock.advance(Duration.ofSeconds(10));

    ScaleDecision decision = restarted.evaluate();

    assertThat(decision.reason()).isEqualTo(DecisionReason.SCALE_UP);
  }

  @Test
  void roundsWithoutMetricsDoNotCountAsTimeTheLoadStayedLow() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 10);
    harness.run(Duration.ofMinutes(2), 100); // needs 4 of the 10 brokers
    // Twenty minutes without a readable sample (metrics source down): no evidence either way.
    harness.clock.advance(Duration.ofMinutes(20));
    ScaleDecision first = harness.run(AutoscalerHarness.STEP, 100);
    assertThat(first.reason()).isEqualTo(DecisionReason.SCALE_DOWN_STABILIZING);
    assertThat(harness.cluster.realized)
        .as("no scale-down on the first sample after the gap")
        .isEmpty();

    harness.run(DEFAULTS.scaleDownStabilization(), 100);
    assertThat(harness.cluster.requested()).as("a whole window of samples later").isLessThan(10);
  }
}
