package io.serverlesskafka.autoscaler.simulation;

import java.util.List;

/**
 * A validated traffic trace: evenly spaced samples from time 0 ({@code docs/autoscaler.md},
 * "Traffic trace"). Each sample stands for the load during {@code stepSeconds} from its time.
 */
public record Trace(List<TracePoint> points, long stepSeconds) {
  public Trace {
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a trace needs at least one sample");
    }
    if (stepSeconds <= 0) {
      throw new IllegalArgumentException("stepSeconds must be > 0");
    }
  }

  public long durationSeconds() {
    return points.size() * stepSeconds;
  }
}
