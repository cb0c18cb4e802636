package io.serverlesskafka.autoscaler.rebalance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides when an imbalance is worth moving data for: only when every observation over a whole
 * window found some resource above its limit. A burst on one broker, or one noisy sample, moves
 * nothing; one balanced observation starts the window again.
 */
public final class SustainedImbalance {
  /** Below these means a resource is too small to be worth moving data for, however uneven. */
  static final double MIN_MEAN_BYTES_PER_SEC = 64 * 1024;

  static final double MIN_MEAN_DISK_BYTES = 256L << 20;

  private final Duration window;
  private Instant since;
  private List<ResourceImbalance> last = List.of();

  public SustainedImbalance(Duration window) {
    this.window = Objects.requireNonNull(window, "window");
  }

  /**
   * Resources above their upper limit in this model (brokers being removed excluded, as the planner
   * does).
   */
  public static List<ResourceImbalance> aboveLimit(ClusterModel model, PlannerSettings settings) {
    if (model.partitions().isEmpty() || model.brokers().size() < 2) {
      return List.of();
    }
    return ResourceImbalance.measure(model, settings).stream()
        .filter(r -> !r.withinUpperLimit())
        .filter(SustainedImbalance::worthMoving)
        .toList();
  }

  private static boolean worthMoving(ResourceImbalance r) {
    return switch (r.resource()) {
      case INGRESS, EGRESS -> r.mean() >= MIN_MEAN_BYTES_PER_SEC;
      case DISK -> r.mean() >= MIN_MEAN_DISK_BYTES;
      case REPLICAS, LEADERS -> true;
    };
  }

  /** Feeds one observation; true when the cluster has been imbalanced for at least the window. */
  public boolean observe(List<ResourceImbalance> aboveLimit, Instant now) {
    last = List.copyOf(aboveLimit);
    if (aboveLimit.isEmpty()) {
      since = null;
      return false;
    }
    if (since == null) {
      since = now;
    }
    return !now.isBefore(since.plus(window));
  }

  /** Starts over, e.g. after a rebalance ran. */
  public void reset() {
    since = null;
    last = List.of();
  }

  public Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  /** The last observation's resources above their limit, e.g. "ingress 1.42 > 1.10". */
  public String describe() {
    return last.stream()
        .map(
            r ->
                String.format(
                    "%s %.2f > %.2f", r.resource().label(), r.maxOverMean(), r.targetOverMean()))
        .reduce((a, b) -> a + ", " + b)
        .orElse("balanced");
  }
}
