package io.serverlesskafka.benchmarks.scaling;

import io.serverlesskafka.autoscaler.simulation.Trace;
import io.serverlesskafka.autoscaler.simulation.TracePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongToDoubleFunction;

/**
 * The five benchmark traces, generated (not recorded) so anyone can reproduce them: same seed, same
 * bytes. Samples every 10 s; egress is twice ingress (one consumer group plus replication reads); every
 * sample carries ±{@code noise} uniform multiplicative noise, because real per-10-s throughput is bursty
 * and a policy that only works on smooth curves would be judged too kindly.
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

  List<Named> all() {
    return List.of(diurnalDay(), spike(), slowRamp(), oscillation(), dropToIdle());
  }

  /** 24 h: night trough 20 MiB/s in, afternoon peak 250 MiB/s in (cosine, peak at 14:00). */
  Named diurnalDay() {
    return new Named("diurnal-day", "24 h, 20 -> 250 -> 20 MiB/s in, peak 14:00",
        generate(1, 24 * 3600, t -> {
          double phase = 2 * Math.PI * (t / 3600.0 - 14) / 24;
          return 20 + (250 - 20) * (1 + Math.cos(phase)) / 2;
        }));
  }

  /** 3 h: 30 MiB/s in, a 10× spike to 300 MiB/s from 1:00 to 1:30 (reaches it within 10 s). */
  Named spike() {
    return new Named("spike-10x", "3 h, 30 MiB/s in, 300 MiB/s from 1:00 to 1:30",
        generate(2, 3 * 3600, t -> t >= 3600 && t < 5400 ? 300 : 30));
  }

  /** 8 h: linear ramp from 20 to 300 MiB/s in over 6 h, then flat. */
  Named slowRamp() {
    return new Named("slow-ramp", "8 h, 20 -> 300 MiB/s in over 6 h, then flat",
        generate(3, 8 * 3600, t -> 20 + (300 - 20) * Math.min(1.0, t / (6 * 3600.0))));
  }

  /**
   * 4 h: 100 ± 20 MiB/s in, 10-minute period. 100 MiB/s is where 4 brokers reach the 0.6 target
   * (4 × 50 × 0.6 = 120) and 3 brokers exceed it (90): a policy without a dead band and a scale-down
   * window flips between 3 and 4 (or 4 and 5) every period.
   */
  Named oscillation() {
    return new Named("oscillation", "4 h, 100 ± 20 MiB/s in, 20 min period (around the 3/4-broker threshold)",
        generate(4, 4 * 3600, t -> 100 + 20 * Math.sin(2 * Math.PI * t / 1200.0)));
  }

  /** 4 h: 200 MiB/s in for 1 h, then 1 MiB/s (idle) for 3 h. */
  Named dropToIdle() {
    return new Named("drop-to-idle", "4 h, 200 MiB/s in for 1 h, then 1 MiB/s",
        generate(5, 4 * 3600, t -> t < 3600 ? 200 : 1));
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
