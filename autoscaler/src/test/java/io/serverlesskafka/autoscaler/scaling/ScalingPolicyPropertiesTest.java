package io.serverlesskafka.autoscaler.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ScalingPolicyPropertiesTest {
  @Property(tries = 200)
  void decisionsStayWithinBoundsAndMaxStep(
      @ForAll @Size(min = 1, max = 60)
          java.util.List<@DoubleRange(min = 0, max = 2000) Double> loadsMiBps,
      @ForAll @IntRange(min = 0, max = 4) int maxStep,
      @ForAll @IntRange(min = 1, max = 6) int min) {
    AutoscalerSettings settings =
        AutoscalerSettings.builder()
            .minBrokers(min)
            .maxBrokers(min + 8)
            .maxStep(maxStep)
            .scaleUpStabilization(Duration.ZERO)
            .scaleDownStabilization(Duration.ofMinutes(1))
            .build();
    AutoscalerHarness harness = new AutoscalerHarness(settings, min);
    for (double load : loadsMiBps) {
      harness.run(Duration.ofSeconds(30), load);
    }
    assertThat(harness.cluster.realized)
        .allSatisfy(
            decision -> {
              assertThat(decision.targetBrokers())
                  .isBetween(settings.minBrokers(), settings.maxBrokers());
              if (maxStep > 0) {
                assertThat(Math.abs(decision.targetBrokers() - decision.currentBrokers()))
                    .isLessThanOrEqualTo(maxStep);
              }
              assertThat(decision.message()).isNotBlank();
            });
  }

  @Property(tries = 100)
  void recommendedCountKeepsBusiestResourceAtOrBelowTarget(
      @ForAll @DoubleRange(min = 0, max = 5000) double ingressMiBps,
      @ForAll @DoubleRange(min = 0, max = 5000) double egressMiBps) {
    UtilizationCalculator calculator = new UtilizationCalculator(BrokerCapacity.ofMiBps(50, 100));
    ClusterLoad load =
        ClusterLoad.ofThroughput(
            ingressMiBps * BrokerCapacity.MIB, egressMiBps * BrokerCapacity.MIB);
    int brokers = calculator.brokersFor(load, 0.6);
    if (brokers > 0) {
      assertThat(calculator.busiest(load, brokers).value()).isLessThanOrEqualTo(0.6 + 1e-6);
    }
    if (brokers > 1) {
      assertThat(calculator.busiest(load, brokers - 1).value()).isGreaterThan(0.6);
    }
  }
}
