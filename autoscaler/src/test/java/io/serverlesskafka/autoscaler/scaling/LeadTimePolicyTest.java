package io.serverlesskafka.autoscaler.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The LeadTime policy, time stepped with the harness's clock (an evaluation every 10 s, no
 * sleeping). Capacity: 50 MiB/s in per broker; the testing cluster carries no egress, so ingress
 * decides.
 */
class LeadTimePolicyTest {
  private static final AutoscalerSettings DEFAULTS =
      AutoscalerSettings.defaults().toBuilder().maxBrokers(20).build();

  @Test
  void scalesUpBeforeARampSaturatesTheCluster() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 3);
    harness.run(Duration.ofMinutes(10), 60);
    assertThat(harness.cluster.realized).isEmpty();

    // +2 MiB/s every 10 s: 150 MiB/s (3 brokers' capacity) is 45 samples away.
    ScaleDecision first = null;
    double load = 60;
    for (int i = 0; i < 45 && first == null; i++) {
      load += 2;
      ScaleDecision decision = harness.run(AutoscalerHarness.STEP, load);
      if (decision.changesBrokers()) {
        first = decision;
      }
    }

    assertThat(first).as("a scale-up before the load reached 150 MiB/s").isNotNull();
    assertThat(first.reason()).isIn(DecisionReason.SCALE_UP_FORECAST, DecisionReason.SCALE_UP);
    assertThat(load)
        .as("load when it scaled up")
        .isLessThan(150 - 2 * 12); // a broker serves 12 samples later
    assertThat(first.message()).contains("growth +").contains("needs");
  }

  @Test
  void keepsHeadroomForTheLoadsOwnNoiseNotAFixedTarget() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 3);
    // 200 MiB/s ± 10 %, alternating: 4.0 brokers' worth, a sample 0.53 above its neighbours.
    for (int i = 0; i < 120; i++) {
      harness.run(AutoscalerHarness.STEP, i % 2 == 0 ? 180 : 220);
    }

    // The first sample, 180 MiB/s, saturates 3 brokers: up to 6 at once (180 / 0.6 / 50, all a
    // saturated sample
    // tells). Then the forecast keeps them: level 4.0 + noise 0.53 within 0.95 of capacity needs
    // 4.8 -> 5 to scale
    // up, and 5.4 -> 6 with the scale-down margin (0.95 × (1 - 0.1)). A fixed 0.6 target would ask
    // for 8
    // (220 / 30). 220 MiB/s never exceeds 6 brokers' 300.
    assertThat(harness.cluster.realized)
        .singleElement()
        .extracting(ScaleDecision::targetBrokers)
        .isEqualTo(6);
    assertThat(harness.cluster.requested()).isEqualTo(6);
  }

  @Test
  void aLevelThatChangedIsNotNoiseButASampleAboveBothSidesIs() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 6);
    harness.run(Duration.ofMinutes(10), 100);
    harness.run(Duration.ofMinutes(3), 200); // a 3-minute burst: its edges agree with one side each
    ScaleDecision afterBurst = harness.run(Duration.ofMinutes(2), 100);
    // Against the mean of both sides together, a sample at an edge rose half the step and counted
    // as noise.
    assertThat(afterBurst.message()).contains("noise 0.00");

    AutoscalerHarness spiky = new AutoscalerHarness(DEFAULTS, 6);
    spiky.run(Duration.ofMinutes(10), 100);
    ScaleDecision last = null;
    for (int i = 0;
        i < 30;
        i++) { // one sample in six 100 MiB/s above both sides: 2 brokers' worth of noise
      last = spiky.run(AutoscalerHarness.STEP, i % 6 == 0 ? 200 : 100);
    }
    assertThat(last.message()).contains("noise 2.00");
  }

  @Test
  void saysWhatItWaitsForInTheSameWordsAtEveryEvaluationWhileTheWaitStands() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 3);
    harness.run(Duration.ofMinutes(20), 200); // 5 brokers, serving
    assertThat(harness.evaluate().waitingFor()).isEqualTo("nothing: right-sized");

    // The dip starts at 00:20; a removal waits the 8m stabilization (longer than the 7m break-even)
    // after the level
    // has followed it (the first samples of the dip still carry the old level), so not before about
    // 00:29.
    ScaleDecision early = harness.run(Duration.ofMinutes(2), 50);
    ScaleDecision later = harness.run(Duration.ofMinutes(3), 50);
    assertThat(early.reason()).isEqualTo(DecisionReason.SCALE_DOWN_STABILIZING);
    assertThat(early.waitingFor())
        .matches("scale-down not before 2025-01-01T00:2\\d:00Z \\(stabilization 8m\\)");
    assertThat(later.waitingFor()).isEqualTo(early.waitingFor());

    harness.cluster
        .refuseScaleDowns(); // the removed brokers keep serving, as while Strimzi has not removed
    // them
    harness.run(Duration.ofMinutes(5), 50);
    ScaleDecision draining = harness.evaluate();
    assertThat(draining.reason()).isEqualTo(DecisionReason.SCALING_IN_PROGRESS);
    assertThat(draining.waitingFor()).isEqualTo("removal of 2 brokers (5 serve, 3 requested)");

    AutoscalerHarness capped = new AutoscalerHarness(DEFAULTS.toBuilder().maxBrokers(3).build(), 3);
    assertThat(capped.run(Duration.ofMinutes(2), 400).waitingFor())
        .isEqualTo("at max brokers (3): more load cannot be followed");
    AutoscalerHarness idle = new AutoscalerHarness(DEFAULTS, 3);
    assertThat(idle.run(Duration.ofMinutes(2), 1).waitingFor())
        .isEqualTo("nothing: at min brokers (3)");
  }

  @Test
  void ridesOutADipShorterThanTheWaitAndTakesALongerOne() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 3);
    harness.run(Duration.ofMinutes(20), 200); // 4 brokers' worth -> 5 brokers
    int busy = harness.cluster.requested();
    assertThat(busy).isEqualTo(5);

    harness.run(Duration.ofMinutes(7), 50); // shorter than max(8m stabilization, 7m break-even)
    assertThat(harness.cluster.requested()).isEqualTo(busy);
    harness.run(Duration.ofMinutes(10), 200);
    assertThat(harness.cluster.requested()).isEqualTo(busy);

    ScaleDecision decision = harness.run(Duration.ofMinutes(9), 50);
    assertThat(harness.cluster.requested()).isEqualTo(3);
    assertThat(harness.cluster.realized)
        .last()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(DecisionReason.SCALE_DOWN);
              assertThat(d.message()).contains("throughout the last 8m").contains("break-even 7m");
            });
    assertThat(decision.action()).isEqualTo(ScaleAction.NONE);
  }

  @Test
  void aScaleDownUndoneWithinTheHourLengthensTheNextWaitAndTheLessonFades() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 3);
    harness.run(Duration.ofMinutes(20), 200);
    harness.run(Duration.ofMinutes(12), 50); // removed after 8 minutes of the dip
    assertThat(harness.cluster.requested()).isEqualTo(3);
    harness.run(Duration.ofMinutes(20), 200); // back 4 minutes after the removal: a flap
    assertThat(harness.cluster.requested()).isEqualTo(5);
    AutoscalerState state = harness.store.load("team-a/kafka").orElseThrow();
    // 1.5 x the dip as the policy saw it: the wait before the removal plus the time until the load
    // came back
    // (the one-minute level notices the dip about 30 s late).
    assertThat(state.dips().learned())
        .as("1.5 x the 12-minute dip")
        .isBetween(Duration.ofMinutes(17), Duration.ofMinutes(18));

    // The same dip again: ridden out, and the lesson refreshed.
    harness.run(Duration.ofMinutes(12), 50);
    assertThat(harness.cluster.requested()).isEqualTo(5);
    harness.run(Duration.ofMinutes(5), 200);
    assertThat(state.dips().learnedAt())
        .as("refreshed when the ridden-out dip ended (the level follows within a minute)")
        .isBetween(
            harness.clock.instant().minus(Duration.ofMinutes(5)),
            harness.clock.instant().minus(Duration.ofMinutes(4)));

    // A dip longer than what was learned is taken.
    harness.run(Duration.ofMinutes(19), 50);
    assertThat(harness.cluster.requested()).isEqualTo(3);

    // The lesson halves every dipMemory (6h).
    assertThat(
            state
                .dips()
                .wait(state.dips().learnedAt().plus(Duration.ofHours(6)), DEFAULTS.dipMemory()))
        .isEqualTo(state.dips().learned().dividedBy(2));
  }

  @Test
  void aRemovalMustPayForMovingItsDataBothWays() {
    AutoscalerSettings settings =
        DEFAULTS.toBuilder().dataMoveBytesPerSec(40 * BrokerCapacity.MIB).build();
    LeadTimePolicy policy = new LeadTimePolicy(settings);
    // 5 brokers holding 240 GiB: 48 GiB each, 20.5 minutes at 40 MiB/s, twice, plus 2m + 5m.
    ClusterMetrics metrics =
        ClusterMetrics.evenlySpread(
            java.time.Instant.EPOCH,
            new ClusterLoad(0, 0, 240 * BrokerCapacity.GIB, 0),
            5,
            5,
            false);

    assertThat(policy.breakEven(metrics))
        .isEqualTo(Duration.ofMinutes(7).plusSeconds(Math.round(2 * 48 * 1024 / 40.0)));
    assertThat(
            policy.scaleDownWait(
                AutoscalerState.initial(settings), metrics, java.time.Instant.EPOCH))
        .isEqualTo(policy.breakEven(metrics));
  }

  @Test
  void scalesUpWhileAnEarlierStepProvisionsOnlyWhenThatStepIsNotEnough() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 3);
    harness.cluster.slowReadiness();
    harness.run(Duration.ofMinutes(5), 60);
    harness.run(AutoscalerHarness.STEP, 200); // saturated: 4 brokers' worth on 3
    assertThat(harness.cluster.requested()).as("200 / 0.6 / 50").isEqualTo(7);

    ScaleDecision decision = harness.run(Duration.ofMinutes(1), 200);
    assertThat(decision.reason()).isEqualTo(DecisionReason.SCALING_IN_PROGRESS);
    assertThat(harness.cluster.requested())
        .as("7 requested are enough: no second step")
        .isEqualTo(7);
    assertThat(harness.cluster.realized).hasSize(1);

    ScaleDecision later = harness.run(AutoscalerHarness.STEP, 420); // beyond what 7 can carry
    assertThat(later.changesBrokers()).isTrue();
    assertThat(harness.cluster.requested()).isGreaterThan(7);
  }

  @Test
  void aSampleAboveTheCeilingOfTheRequestedBrokersScalesUpAtOnce() {
    // 170 MiB/s steady on 4 brokers: 3.4 brokers' worth, peak 3.4 needs 4 (3.4 / 0.95 = 3.58).
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 4);
    harness.cluster.slowReadiness();
    ScaleDecision steady = harness.run(Duration.ofMinutes(15), 170);
    assertThat(steady.reason()).isEqualTo(DecisionReason.RIGHT_SIZED);

    // 185 MiB/s: 3.7 brokers' worth, within the 0.95 ceiling of 4 (3.8); the level (3.45) and the
    // forecast still need 4.
    assertThat(harness.run(AutoscalerHarness.STEP, 185).reason())
        .isEqualTo(DecisionReason.RIGHT_SIZED);
    harness.run(Duration.ofMinutes(2), 170);

    // 195 MiB/s: 3.9 brokers' worth, above 0.95 of 4 but below 4 (not saturated). The one-minute
    // level (3.48) and the forecast still need 4, so before this rule nothing happened
    // (a scale-up waited for the peak to stay above the ceiling for a minute); now the measured
    // sample is enough: ceil(3.9 / 0.95) = 5 brokers, at once.
    ScaleDecision guard = harness.run(AutoscalerHarness.STEP, 195);
    assertThat(guard.reason()).isEqualTo(DecisionReason.SCALE_UP_MEASURED);
    assertThat(guard.targetBrokers()).isEqualTo(5);
    assertThat(guard.message())
        .contains("needs 4")
        .contains("the latest sample is above the 0.95 ceiling of 4 brokers, not waiting")
        .endsWith("scaling 4 -> 5");

    // While the fifth broker provisions, the same load is within 0.95 of the 5 requested: no
    // second step.
    ScaleDecision provisioning = harness.run(AutoscalerHarness.STEP, 195);
    assertThat(provisioning.reason()).isEqualTo(DecisionReason.SCALING_IN_PROGRESS);
    assertThat(harness.cluster.requested()).isEqualTo(5);
    assertThat(harness.cluster.realized).hasSize(1);
  }

  @Test
  void aSaturatedSampleIsStillSizedWithTheMostHeadroom() {
    // Above the serving brokers' capacity the sample is a lower bound of the demand (a real
    // cluster measures what it manages to take in): the saturated rule comes before the guard and
    // sizes for 0.6, not for the 0.95 ceiling.
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 4);
    harness.cluster.slowReadiness();
    harness.run(Duration.ofMinutes(15), 170);
    ScaleDecision saturated = harness.run(AutoscalerHarness.STEP, 210); // 4.2 on 4
    assertThat(saturated.reason()).isEqualTo(DecisionReason.SCALE_UP_SATURATED);
    assertThat(saturated.targetBrokers()).as("210 / 0.6 / 50 = 7").isEqualTo(7);
  }

  @Test
  void theGuardFollowsTheCeilingSetting() {
    // With maxUtilization 0.8 a sample at 0.85 of the requested brokers is above the ceiling.
    AutoscalerSettings cautious = DEFAULTS.toBuilder().maxUtilization(0.8).build();
    AutoscalerHarness harness = new AutoscalerHarness(cautious, 4);
    // 2.8 brokers' worth: 2.8 / 0.8 = 3.5 -> 4, and 2.8 / (0.8 x 0.9) = 3.9 -> 4 to scale down.
    assertThat(harness.run(Duration.ofMinutes(15), 140).reason())
        .isEqualTo(DecisionReason.RIGHT_SIZED);
    ScaleDecision decision = harness.run(AutoscalerHarness.STEP, 170); // 3.4 > 0.8 x 4
    assertThat(decision.reason()).isEqualTo(DecisionReason.SCALE_UP_MEASURED);
    assertThat(decision.targetBrokers()).as("ceil(3.4 / 0.8)").isEqualTo(5);
  }

  @Test
  void neverDecidesWhilePartitionsMoveAndNeverScalesDownWhileSettling() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 6);
    harness.cluster.reassignment(true);
    ScaleDecision decision = harness.run(Duration.ofMinutes(30), 10);
    assertThat(decision.reason()).isEqualTo(DecisionReason.REASSIGNMENT_IN_PROGRESS);
    assertThat(harness.cluster.realized).isEmpty();
  }

  @Test
  void timeWithoutEvidenceIsNotTimeTheLoadStayedLow() {
    AutoscalerHarness harness = new AutoscalerHarness(DEFAULTS, 3);
    harness.run(Duration.ofMinutes(20), 200);
    harness.run(Duration.ofMinutes(2), 50);
    harness.clock.advance(Duration.ofMinutes(30)); // the metrics could not be read

    ScaleDecision decision = harness.run(AutoscalerHarness.STEP, 50);

    assertThat(decision.reason()).isEqualTo(DecisionReason.SCALE_DOWN_STABILIZING);
    assertThat(harness.run(Duration.ofMinutes(7), 50).changesBrokers()).isFalse();
    harness.run(Duration.ofMinutes(2), 50);
    assertThat(harness.cluster.requested()).isEqualTo(3);
  }

  @Test
  void aLoadThatWandersEarnsAWanderMarginAndASteadyOneDoesNot() {
    AutoscalerSettings learning = DEFAULTS.toBuilder().wanderMemory(Duration.ofHours(6)).build();
    // A random walk of ±2 % per 10 s with ±10 % noise per sample, as the benchmark's.
    AutoscalerHarness off = new AutoscalerHarness(DEFAULTS, 3);
    AutoscalerHarness on = new AutoscalerHarness(learning, 3);
    java.util.Random walk = new java.util.Random(7);
    java.util.Random noise = new java.util.Random(8);
    double level = 150;
    double brokerSecondsOff = 0, brokerSecondsOn = 0;
    ScaleDecision last = null;
    for (int i = 0; i < 6 * 360; i++) {
      level = Math.max(50, Math.min(500, level * Math.exp(0.02 * walk.nextGaussian())));
      double sample = level * (1 + 0.1 * (2 * noise.nextDouble() - 1));
      off.run(AutoscalerHarness.STEP, sample);
      last = on.run(AutoscalerHarness.STEP, sample);
      brokerSecondsOff += off.cluster.requested() * 10;
      brokerSecondsOn += on.cluster.requested() * 10;
    }
    AutoscalerState state = on.store.load("team-a/kafka").orElseThrow();
    assertThat(state.wander().margin(LeadTimePolicy.WANDER_QUANTILE)).isPositive();
    assertThat(last.message()).contains("wander ");
    // The margin only adds headroom: never fewer brokers than without it.
    assertThat(brokerSecondsOn).isGreaterThanOrEqualTo(brokerSecondsOff);

    // Steady load with the same noise: the forecast holds, nothing is learned, nothing changes.
    AutoscalerHarness steadyOff = new AutoscalerHarness(DEFAULTS, 3);
    AutoscalerHarness steadyOn = new AutoscalerHarness(learning, 3);
    java.util.Random steadyNoise = new java.util.Random(9);
    for (int i = 0; i < 6 * 360; i++) {
      double sample = 200 * (1 + 0.1 * (2 * steadyNoise.nextDouble() - 1));
      steadyOff.run(AutoscalerHarness.STEP, sample);
      steadyOn.run(AutoscalerHarness.STEP, sample);
    }
    assertThat(steadyOn.store.load("team-a/kafka").orElseThrow().wander().margin(0.99)).isZero();
    assertThat(steadyOn.cluster.realized).isEqualTo(steadyOff.cluster.realized);
  }
}
