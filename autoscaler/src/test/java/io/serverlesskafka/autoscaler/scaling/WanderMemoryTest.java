package io.serverlesskafka.autoscaler.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The wander margin learned from the forecast's misses: what counts as a miss, what does not, how
 * it is forgotten, and that it stays bounded.
 */
class WanderMemoryTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration LEAD = Duration.ofMinutes(3);
  private static final Duration HALF_LIFE = Duration.ofHours(6);
  private static final Duration STEP = Duration.ofSeconds(10);
  private static final double LARGEST = 2.0 / 3;

  /** One evaluation: the level now against what was prepared a lead ago, then what is now. */
  private static void step(
      WanderMemory memory, Instant now, double level, double latest, double prepared) {
    memory.observe(now, level, latest, LEAD, HALF_LIFE, LARGEST);
    memory.remember(now, prepared, LEAD, HALF_LIFE);
  }

  @Test
  void aFewEarlyMissesDoNotMakeAMargin() {
    WanderMemory memory = new WanderMemory();
    Instant now = T0;
    // Every comparison a 10 % miss; the first comes a lead (18 evaluations) after the first
    // forecast. Three misses weigh less than 1 % of them plus an hour of forecasts that held.
    for (int i = 0; i < 21; i++, now = now.plus(STEP)) {
      step(memory, now, 1.1, 1.1, 1.0);
    }
    assertThat(memory.total()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(memory.margin(0.99)).isZero();
    for (int i = 0; i < 2; i++, now = now.plus(STEP)) {
      step(memory, now, 1.1, 1.1, 1.0);
    }
    assertThat(memory.margin(0.99)).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aForecastThatHoldsTeachesNoMargin() {
    WanderMemory memory = new WanderMemory();
    Instant now = T0;
    for (int i = 0; i < 2000; i++, now = now.plus(STEP)) {
      step(memory, now, 1.0, 1.05, 1.1); // the level stays below what was prepared for
    }
    assertThat(memory.total()).isGreaterThan(1000);
    assertThat(memory.margin(0.99)).isZero();
  }

  @Test
  void missesTeachTheirHighQuantile() {
    WanderMemory memory = new WanderMemory();
    Instant now = T0;
    for (int i = 0; i < 2000; i++, now = now.plus(STEP)) {
      // Prepared for 1.0 each time; one level in ten is 8 % above it, one in a hundred 15 %.
      double level = i % 100 == 0 ? 1.15 : i % 10 == 0 ? 1.08 : 1.0;
      step(memory, now, level, level, 1.0);
    }
    assertThat(memory.margin(0.95)).isCloseTo(0.08, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(memory.margin(0.995)).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aJumpIsNotWanderNorTheMinuteAfterIt() {
    WanderMemory memory = new WanderMemory();
    Instant now = T0;
    for (int i = 0; i < 200; i++, now = now.plus(STEP)) {
      step(memory, now, 1.0, 1.0, 1.1);
    }
    // A step to 3× the level: the first sample shows it, the one-minute level follows over six
    // samples (and so does what the forecast was prepared for, a lead later).
    for (int i = 1; i <= 200; i++, now = now.plus(STEP)) {
      double level = 1.0 + 2.0 * Math.min(6, i) / 6;
      step(memory, now, level, 3.0, level * 1.1);
    }
    assertThat(memory.weights()).hasSize(1); // only "no miss"
    assertThat(memory.margin(0.999)).isZero();
    assertThat(memory.jumpAt()).isNotNull();
  }

  @Test
  void newerEvidenceOutweighsOlderMisses() {
    WanderMemory memory = new WanderMemory();
    Instant now = T0;
    for (int i = 0; i < 720; i++, now = now.plus(STEP)) { // 2 h of misses of 10 % half the time
      step(memory, now, i % 2 == 0 ? 1.1 : 1.0, 1.0, 1.0);
    }
    assertThat(memory.margin(0.95)).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    for (int i = 0; i < 360 * 6; i++, now = now.plus(STEP)) { // 6 h without a miss
      step(memory, now, 1.0, 1.0, 1.1);
    }
    assertThat(memory.margin(0.95)).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    for (int i = 0; i < 360 * 18; i++, now = now.plus(STEP)) { // 18 h more
      step(memory, now, 1.0, 1.0, 1.1);
    }
    assertThat(memory.margin(0.95)).isZero();
  }

  @Test
  void aHalfLifeOfZeroTurnsLearningOffAndForgets() {
    WanderMemory memory = new WanderMemory();
    Instant now = T0;
    for (int i = 0; i < 1000; i++, now = now.plus(STEP)) {
      step(memory, now, 1.2, 1.2, 1.0);
    }
    assertThat(memory.margin(0.5)).isPositive();
    memory.observe(now, 1.2, 1.2, LEAD, Duration.ZERO, LARGEST);
    memory.remember(now, 1.0, LEAD, Duration.ZERO);
    assertThat(memory.margin(0.5)).isZero();
    assertThat(memory.forecasts()).isEmpty();
    assertThat(memory.weights()).isEmpty();
  }

  @Test
  void staysBoundedWhateverTheLeadAndTheMisses() {
    WanderMemory memory = new WanderMemory();
    Duration lead = Duration.ofHours(1);
    Random random = new Random(1);
    Instant now = T0;
    for (int i = 0; i < 4 * 3600; i++, now = now.plusSeconds(1)) {
      double level = 1 + random.nextDouble() * 3;
      memory.observe(now, level, level, lead, HALF_LIFE, 5);
      memory.remember(now, 1.0, lead, HALF_LIFE);
      assertThat(memory.forecasts()).hasSizeLessThanOrEqualTo(WanderMemory.MAX_FORECASTS);
    }
    assertThat(memory.weights().length)
        .isLessThanOrEqualTo(1 + (int) Math.round(WanderMemory.LARGEST / WanderMemory.BIN));
    assertThat(memory.margin(0.5)).isLessThanOrEqualTo(WanderMemory.LARGEST);
  }

  @Test
  void restoredMemoryAnswersTheSame() {
    WanderMemory memory = new WanderMemory();
    Instant now = T0;
    for (int i = 0; i < 500; i++, now = now.plus(STEP)) {
      step(memory, now, i % 2 == 0 ? 1.06 : 1.0, 1.0, 1.0);
    }
    WanderMemory restored =
        new WanderMemory(memory.forecasts(), memory.weights(), memory.decayedAt(), memory.jumpAt());
    assertThat(restored.forecasts()).isEqualTo(memory.forecasts());
    assertThat(restored.weights()).isEqualTo(memory.weights());
    assertThat(restored.margin(0.8)).isEqualTo(memory.margin(0.8)).isPositive();
    // Both continue alike.
    step(memory, now, 1.3, 1.3, 1.0);
    step(restored, now, 1.3, 1.3, 1.0);
    assertThat(restored.weights()).isEqualTo(memory.weights());
  }
}
