package io.serverlesskafka.benchmarks.scaling;

import io.serverlesskafka.autoscaler.simulation.Trace;
import io.serverlesskafka.autoscaler.simulation.TracePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongToDoubleFunction;

/**
 * The benchmark traces, generated (not recorded) so anyone can reproduce them: same seed, same
 * bytes. Samples every 10 s; egress is twice ingress (one consumer group plus replication reads);
 * every sample carries ±{@code noise} uniform multiplicative noise, because real per-10-s
 * throughput is bursty and a policy that only works on smooth curves would be judged too kindly.
 *
 * <p>Two families: {@link #tuning()}, the five traces the policies were tuned on, and {@link
 * #heldOut()}, shapes and rhythms the LeadTime policy's constants were not chosen on (square waves
 * of five periods, a random walk, bursty on/off traffic, a week with weekend lows), plus the tuning
 * shapes with other seeds.
 */
final class BenchmarkTraces {
  static final long STEP_SECONDS = 10;
  private static final double MIB = 1024.0 * 1024.0;

  /** A named trace. */
  record Named(String name, String description, Trace trace) {}

  private final long seed;
  private final double noise;

  BenchmarkTraces(long seed, double noise) {
    this.seed = seed;
    this.noise = noise;
  }

  /** The five traces the policies were tuned on. */
  List<Named> tuning() {
    return List.of(diurnalDay(), spike(), slowRamp(), oscillation(), dropToIdle());
  }

  /** Shapes the policy was not tuned on; the names carry the seed. */
  List<Named> heldOut() {
    List<Named> traces = new ArrayList<>();
    for (int lowMinutes : new int[] {3, 5, 10, 20, 40}) {
      traces.add(squareWave(lowMinutes));
    }
    traces.add(randomWalk());
    traces.add(burstyOnOff());
    traces.add(week());
    return traces;
  }

  /** 24 h: night trough 20 MiB/s in, afternoon peak 250 MiB/s in (cosine, peak at 14:00). */
  Named diurnalDay() {
    return named(
        "diurnal-day",
        "24 h, 20 -> 250 -> 20 MiB/s in, peak 14:00",
        generate(
            1,
            24 * 3600,
            t -> {
              double phase = 2 * Math.PI * (t / 3600.0 - 14) / 24;
              return 20 + (250 - 20) * (1 + Math.cos(phase)) / 2;
            }));
  }

  /** 3 h: 30 MiB/s in, a 10× spike to 300 MiB/s from 1:00 to 1:30 (reaches it within 10 s). */
  Named spike() {
    return named(
        "spike-10x",
        "3 h, 30 MiB/s in, 300 MiB/s from 1:00 to 1:30",
        generate(2, 3 * 3600, t -> t >= 3600 && t < 5400 ? 300 : 30));
  }

  /** 8 h: linear ramp from 20 to 300 MiB/s in over 6 h, then flat. */
  Named slowRamp() {
    return named(
        "slow-ramp",
        "8 h, 20 -> 300 MiB/s in over 6 h, then flat",
        generate(3, 8 * 3600, t -> 20 + (300 - 20) * Math.min(1.0, t / (6 * 3600.0))));
  }

  /** 4 h: 100 ± 20 MiB/s in, 20-minute period, around the 3/4-broker threshold at target 0.6. */
  Named oscillation() {
    return named(
        "oscillation",
        "4 h, 100 ± 20 MiB/s in, 20 min period (around the 3/4-broker threshold)",
        generate(4, 4 * 3600, t -> 100 + 20 * Math.sin(2 * Math.PI * t / 1200.0)));
  }

  /** 4 h: 200 MiB/s in for 1 h, then 1 MiB/s (idle) for 3 h. */
  Named dropToIdle() {
    return named(
        "drop-to-idle",
        "4 h, 200 MiB/s in for 1 h, then 1 MiB/s",
        generate(5, 4 * 3600, t -> t < 3600 ? 200 : 1));
  }

  /**
   * 6 h: 180 MiB/s in, dropping to 50 MiB/s for {@code lowMinutes} out of every 2 × {@code
   * lowMinutes}.
   */
  Named squareWave(int lowMinutes) {
    long half = lowMinutes * 60L;
    return named(
        "square-" + lowMinutes + "m",
        "6 h, 180 MiB/s in, " + lowMinutes + " min at 50 MiB/s every " + 2 * lowMinutes + " min",
        generate(10 + lowMinutes, 6 * 3600, t -> (t / half) % 2 == 1 ? 50 : 180));
  }

  /**
   * 12 h: a multiplicative random walk (±2 % per 10 s, mean-free in log space) kept within 20..350
   * MiB/s in.
   */
  Named randomWalk() {
    Random walk = new Random(seed * 131 + 7);
    double[] level = {80};
    return named(
        "random-walk",
        "12 h, random walk within 20..350 MiB/s in",
        generate(
            60,
            12 * 3600,
            t -> {
              level[0] =
                  Math.max(20, Math.min(350, level[0] * Math.exp(0.02 * walk.nextGaussian())));
              return level[0];
            }));
  }

  /** 8 h: 30 MiB/s in with bursts to 200 MiB/s lasting 1..10 min, 5..60 min apart (random). */
  Named burstyOnOff() {
    Random bursts = new Random(seed * 137 + 11);
    List<long[]> on = new ArrayList<>();
    for (long t = 0; t < 8 * 3600; ) {
      t += (5 + bursts.nextInt(56)) * 60L;
      long length = (1 + bursts.nextInt(10)) * 60L;
      on.add(new long[] {t, t + length});
      t += length;
    }
    return named(
        "bursty-on-off",
        "8 h, 30 MiB/s in, bursts to 200 MiB/s of 1..10 min every 5..60 min",
        generate(61, 8 * 3600, t -> on.stream().anyMatch(b -> t >= b[0] && t < b[1]) ? 200 : 30));
  }

  /** 7 days: weekdays 20 -> 250 MiB/s in (peak 14:00), Saturday and Sunday 10 -> 60 MiB/s in. */
  Named week() {
    return named(
        "week",
        "7 d, weekdays 20 -> 250 MiB/s in, weekend 10 -> 60",
        generate(
            62,
            7 * 24 * 3600,
            t -> {
              long day = t / 86400;
              double phase = 2 * Math.PI * (t / 3600.0 - 14) / 24;
              double shape = (1 + Math.cos(phase)) / 2;
              return day >= 5 ? 10 + 50 * shape : 20 + 230 * shape;
            }));
  }

  private Named named(String name, String description, Trace trace) {
    return new Named(name + "-s" + seed, description, trace);
  }

  private Trace generate(long salt, long durationSeconds, LongToDoubleFunction ingressMiBps) {
    Random random = new Random(seed * 31 + salt);
    List<TracePoint> points = new ArrayList<>();
    for (long t = 0; t < durationSeconds; t += STEP_SECONDS) {
      double factor = 1 + noise * (2 * random.nextDouble() - 1);
      double ingress = Math.max(0, ingressMiBps.applyAsDouble(t) * factor) * MIB;
      // Whole bytes, as a trace file would hold them: a written trace replays identically.
      points.add(new TracePoint(t, Math.round(ingress), Math.round(2 * ingress)));
    }
    return new Trace(points, STEP_SECONDS);
  }
}
