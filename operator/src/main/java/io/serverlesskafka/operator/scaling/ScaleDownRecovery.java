package io.serverlesskafka.operator.scaling;

import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to do about a broker pool whose scale-down Strimzi has not carried out: {@code
 * spec.replicas} below the brokers it still runs. Strimzi refuses to remove a broker that holds
 * replicas ({@code ScaleDownPreventionCheck}, a Warning condition on the Kafka) and then keeps it
 * for good; a partition created on it after its drain is enough. So the brokers are drained again,
 * at most {@link #MAX_DRAINS} times, each time waiting {@link #RETRY_AFTER} for Strimzi to try
 * again; then the scale-down is given up: the pool goes back to the brokers that run. Without
 * Strimzi's warning, a removal pending for {@link #PATIENCE} counts as refused too. One instance
 * per cluster; not thread-safe (one reconcile of a cluster at a time).
 */
public final class ScaleDownRecovery {
  public static final int MAX_DRAINS = 2;

  /**
   * Longer than Strimzi's periodic reconcile (2 minutes), so that it has tried again after a drain.
   */
  public static final Duration RETRY_AFTER = Duration.ofMinutes(3);

  public static final Duration PATIENCE = Duration.ofMinutes(10);

  /** What the pool looks like: the count asked for and the node IDs Strimzi runs. */
  public record Pool(int requested, List<Integer> nodeIds) {
    public Pool {
      nodeIds = List.copyOf(nodeIds);
    }

    /** The pool as Strimzi reports it; empty before Strimzi has written its node IDs. */
    public static Optional<Pool> of(KafkaNodePool pool) {
      if (pool == null
          || pool.getSpec() == null
          || pool.getStatus() == null
          || pool.getStatus().getNodeIds() == null) {
        return Optional.empty();
      }
      return Optional.of(new Pool(pool.getSpec().getReplicas(), pool.getStatus().getNodeIds()));
    }

    /** The brokers Strimzi removes to reach the requested count: the highest IDs. */
    public Set<Integer> leaving() {
      return NodePoolRealizer.highest(nodeIds, Math.max(0, nodeIds.size() - requested));
    }
  }

  /** The outcome of one check. */
  public sealed interface Action {
    /**
     * Nothing pending, or waiting (a drain runs, or Strimzi has not answered yet).
     *
     * @param waitingFor what a pending removal waits for, for {@code
     *     status.autoscaling.waitingFor}; empty when nothing is pending
     */
    record Wait(Optional<String> waitingFor) implements Action {
      static Wait nothing() {
        return new Wait(Optional.empty());
      }
    }

    /** Empty these brokers again; Strimzi removes them on its next try. */
    record Drain(Set<Integer> brokers, int attempt, String why) implements Action {}

    /** Give the scale-down up: ask for the brokers that run again. */
    record Abandon(int restoreTo, Set<Integer> kept, String why) implements Action {}
  }

  private Instant pendingSince;
  private Instant notBefore = Instant.MIN;
  private int drains;

  /**
   * @param refusal Strimzi's {@code ScaleDownPreventionCheck} message, when the Kafka has that
   *     Warning
   * @param moving whether partitions are being moved for the cluster now (a drain in progress)
   */
  public Action check(Pool pool, Optional<String> refusal, boolean moving, Instant now) {
    Set<Integer> leaving = pool.leaving();
    if (leaving.isEmpty()) {
      pendingSince = null;
      notBefore = Instant.MIN;
      drains = 0;
      return Action.Wait.nothing();
    }
    if (pendingSince == null) {
      pendingSince = now;
    }
    if (moving) {
      return new Action.Wait(
          Optional.of(
              "drain of brokers "
                  + leaving
                  + " in progress (the pool is lowered to "
                  + pool.requested()
                  + ")"));
    }
    if (now.isBefore(notBefore)) {
      return new Action.Wait(
          Optional.of(
              "scale-down refused by Strimzi; brokers "
                  + leaving
                  + " drained again (attempt "
                  + drains
                  + " of "
                  + MAX_DRAINS
                  + "), retrying at "
                  + notBefore.truncatedTo(ChronoUnit.SECONDS)));
    }
    boolean overdue = !now.isBefore(pendingSince.plus(PATIENCE));
    if (refusal.isEmpty() && !overdue) {
      return new Action.Wait(
          Optional.of(
              "Strimzi to remove brokers "
                  + leaving
                  + " (pool lowered to "
                  + pool.requested()
                  + "; counted as refused at "
                  + pendingSince.plus(PATIENCE).truncatedTo(ChronoUnit.SECONDS)
                  + ")"));
    }
    String why =
        refusal
            .map(m -> "Strimzi refused to remove brokers " + leaving + ": " + m)
            .orElse(
                "brokers "
                    + leaving
                    + " still run "
                    + PATIENCE.toMinutes()
                    + " minutes after the pool was lowered to "
                    + pool.requested());
    if (drains < MAX_DRAINS) {
      drains++;
      notBefore = now.plus(RETRY_AFTER);
      return new Action.Drain(leaving, drains, why);
    }
    pendingSince = null;
    notBefore = Instant.MIN;
    drains = 0;
    return new Action.Abandon(pool.nodeIds().size(), leaving, why);
  }
}
