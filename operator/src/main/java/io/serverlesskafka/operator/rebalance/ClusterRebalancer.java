package io.serverlesskafka.operator.rebalance;

import io.serverlesskafka.api.v1alpha1.RebalanceStatus;
import io.serverlesskafka.autoscaler.rebalance.BrokerLimits;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PlannerSettings;
import io.serverlesskafka.autoscaler.rebalance.RebalancePlanner;
import io.serverlesskafka.autoscaler.rebalance.RebalanceResult;
import io.serverlesskafka.operator.kafka.KafkaUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cluster's partition moves in the background, one plan per cluster at a time: on request,
 * when a broker holds no replica while others do (new brokers after a scale-up), when imbalance has
 * lasted a whole window, before brokers are removed, and to resume a plan an operator restart
 * interrupted. Plans are made on a model with byte rates measured over {@link #RATE_SAMPLING}.
 * Progress goes to a status sink: written before the first move, after every change, and at the
 * end.
 */
public final class ClusterRebalancer implements AutoCloseable {
  public static final String REASON_REQUESTED = "Requested";
  public static final String REASON_FILL = "FillNewBrokers";
  public static final String REASON_DRAIN = "DrainBrokers";
  public static final String REASON_SUSTAINED = "SustainedImbalance";
  public static final String REASON_RESUMED = "ResumedAfterRestart";

  /**
   * A drain an operator restart interrupted: its moves in flight finish; the autoscaler decides
   * again.
   */
  public static final String REASON_RESUMED_DRAIN = "ResumedDrain";

  /**
   * How long byte rates are measured before planning: long enough to see which partitions are hot.
   */
  static final Duration RATE_SAMPLING = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ClusterRebalancer.class);

  /**
   * What one check needs: the cluster's admin client, settings, and where status and events go.
   *
   * @param trigger why a rebalance is wanted ({@link #REASON_REQUESTED}, {@link #REASON_SUSTAINED},
   *     {@link #REASON_RESUMED}); null for a check that only fills empty brokers
   * @param leaving brokers a scale-down asked for and Strimzi has not removed yet: never filled,
   *     and emptied again when replicas landed on them
   */
  public record Job(
      String cluster,
      Admin admin,
      double maxImbalance,
      ExecutorSettings executor,
      String trigger,
      Set<Integer> drain,
      Set<Integer> leaving,
      Consumer<RebalanceStatus> status,
      Consumer<String> finished,
      Runnable afterDrain,
      Runnable done) {
    /** A check that fills empty brokers, or rebalances for {@code trigger} when it is not null. */
    public static Job balance(
        String cluster,
        Admin admin,
        double maxImbalance,
        ExecutorSettings executor,
        String trigger,
        Consumer<RebalanceStatus> status,
        Consumer<String> finished) {
      return new Job(
          cluster,
          admin,
          maxImbalance,
          executor,
          trigger,
          Set.of(),
          Set.of(),
          status,
          finished,
          () -> {},
          () -> {});
    }

    /**
     * Empties these brokers, then runs {@code afterDrain} (which lowers the pool: Strimzi's rule).
     */
    public static Job drain(
        String cluster,
        Admin admin,
        double maxImbalance,
        ExecutorSettings executor,
        Set<Integer> brokers,
        Consumer<RebalanceStatus> status,
        Consumer<String> finished,
        Runnable afterDrain) {
      return new Job(
          cluster,
          admin,
          maxImbalance,
          executor,
          null,
          Set.copyOf(brokers),
          Set.of(),
          status,
          finished,
          afterDrain,
          () -> {});
    }

    /**
     * The same job, running {@code action} once it is over or dropped (e.g. releasing the admin
     * client).
     */
    public Job whenDone(Runnable action) {
      return new Job(
          cluster,
          admin,
          maxImbalance,
          executor,
          trigger,
          drain,
          leaving,
          status,
          finished,
          afterDrain,
          action);
    }

    /** The same job, knowing which brokers a scale-down is removing (from the broker pool). */
    public Job withLeaving(Set<Integer> brokers) {
      return new Job(
          cluster,
          admin,
          maxImbalance,
          executor,
          trigger,
          drain,
          Set.copyOf(brokers),
          status,
          finished,
          afterDrain,
          done);
    }
  }

  private final Clock clock;
  private final Function<String, ThrottleMarks> marks;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "rebalancer");
            t.setDaemon(true);
            return t;
          });
  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  /**
   * Set on shutdown: a plan cut short then stays Running in the status, so that the next operator
   * resumes it.
   */
  private volatile boolean closed;

  /**
   * Clusters this process has worked on: a Running status of any other cluster was left by an
   * earlier one.
   */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /** Clusters whose partitions are being moved now (a check that reads the model is not a move). */
  private final Set<String> moving = ConcurrentHashMap.newKeySet();

  /**
   * Empty brokers last reported as needing no moves, so that the check every reconcile says it
   * once.
   */
  private final Map<String, Set<Integer>> quietFills = new ConcurrentHashMap<>();

  /**
   * A drain that arrived while something else ran: it must not be lost, the scale-down waits for
   * it.
   */
  private final Map<String, Job> pendingDrains = new ConcurrentHashMap<>();

  public ClusterRebalancer(Clock clock) {
    this(clock, cluster -> ThrottleMarks.NONE);
  }

  /**
   * @param marks where a cluster's topic throttle marks are declared too (its KafkaTopics), by
   *     cluster key
   */
  public ClusterRebalancer(Clock clock, Function<String, ThrottleMarks> marks) {
    this.clock = clock;
    this.marks = marks;
  }

  public boolean isRunning(String cluster) {
    return busy.contains(cluster);
  }

  /** True while a plan's replica moves run: what the autoscaler must wait for. */
  public boolean isMoving(String cluster) {
    return moving.contains(cluster);
  }

  /**
   * True when this process has run nothing for the cluster yet (so a Running status is an
   * interrupted plan).
   */
  public boolean isNew(String cluster) {
    return !seen.contains(cluster);
  }

  /**
   * Forgets a deleted cluster (a job still running for it ends on its own and is not remembered).
   */
  public void forget(String cluster) {
    seen.remove(cluster);
    quietFills.remove(cluster);
    pendingDrains.remove(cluster);
  }

  /** Clusters remembered (for the operator's tracked-entries gauge). */
  public int trackedEntries() {
    Set<String> keys = new java.util.HashSet<>(seen);
    keys.addAll(quietFills.keySet());
    keys.addAll(pendingDrains.keySet());
    keys.addAll(busy);
    return keys.size();
  }

  /** Checks the cluster in the background; false when a check or plan for it is already running. */
  public boolean consider(Job job) {
    seen.add(job.cluster());
    if (!busy.add(job.cluster())) {
      if (!job.drain().isEmpty()) {
        Job replaced = pendingDrains.put(job.cluster(), job);
        if (replaced != null) {
          replaced.done().run();
        }
        return true;
      }
      return false;
    }
    submit(job);
    return true;
  }

  /**
   * Clusters where a plan failed or was cut short: its replication throttles may still be set (the
   * executor clears them in a finally, with the same Admin client that may just have failed). The
   * next job of the cluster, a fill check at the latest (one per reconcile), clears them before
   * anything else; a failed clear keeps the mark.
   */
  private final Set<String> throttlesToClear = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private void submit(Job job) {
    workers.submit(
        () -> {
          try {
            run(job);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            if (closed) {
              LOG.info(
                  "{}: rebalance cut short by shutdown; the next operator resumes it",
                  job.cluster());
              return;
            }
            throttlesToClear.add(job.cluster());
            RebalanceStatus failed = new RebalanceStatus();
            failed.setPhase("Failed");
            if (e instanceof KafkaUnavailableException) {
              LOG.warn("{}: rebalance failed: {}", job.cluster(), e.getMessage());
              LOG.debug("rebalance failure", e);
              failed.setMessage("Kafka failed: " + e.getMessage());
            } else {
              // Not Kafka's doing: a bug, told as one (with its stack trace in the log), not as an
              // unreachable cluster.
              LOG.error("{}: rebalance failed on an internal error", job.cluster(), e);
              failed.setMessage("internal error: " + e);
            }
            failed.setFinishedAt(now());
            job.status().accept(failed);
          } finally {
            job.done().run();
            Job next = pendingDrains.remove(job.cluster());
            if (next != null) {
              submit(next);
            } else {
              busy.remove(job.cluster());
            }
          }
        });
  }

  private void run(Job job) throws InterruptedException {
    awaitMovesInFlight(job);
    if (REASON_RESUMED.equals(job.trigger())
        || REASON_RESUMED_DRAIN.equals(job.trigger())
        || throttlesToClear.contains(job.cluster())) {
      throttlesToClear.add(job.cluster()); // until the clear has succeeded
      clearLeftoverThrottles(job);
      throttlesToClear.remove(job.cluster());
    }
    if (REASON_RESUMED_DRAIN.equals(job.trigger())) {
      RebalanceStatus status = new RebalanceStatus();
      status.setReason(REASON_DRAIN);
      status.setPhase("Completed");
      status.setFinishedAt(now());
      status.setMessage(
          "interrupted by an operator restart; the moves in flight finished, the autoscaler decides again whether brokers go");
      job.status().accept(status);
      job.finished().accept(status.getMessage());
      return;
    }
    ClusterModelReader reader = new ClusterModelReader(job.admin(), clock);
    ClusterModel layout = reader.read(BrokerLimits.UNLIMITED, Duration.ZERO);
    // Brokers being removed are neither filled (they would look new: empty while others hold
    // replicas) nor
    // left holding replicas (a partition created on one after its drain): either makes Strimzi
    // refuse the removal.
    Set<Integer> leaving = new TreeSet<>(job.leaving());
    leaving.retainAll(layout.brokerIds());
    Set<Integer> empty = emptyBrokers(layout);
    empty.removeAll(leaving);
    Set<Integer> removing = new TreeSet<>(job.drain());
    removing.addAll(leaving);
    boolean reDrain = job.drain().isEmpty() && holdReplicas(layout, leaving);
    boolean draining = !job.drain().isEmpty() || reDrain;
    if (job.trigger() == null && !draining && empty.isEmpty()) {
      quietFills.remove(job.cluster());
      return;
    }
    String reason = draining ? REASON_DRAIN : job.trigger() != null ? job.trigger() : REASON_FILL;
    ClusterModel model = reader.read(BrokerLimits.UNLIMITED, RATE_SAMPLING);
    removing.retainAll(model.brokerIds()); // a broker already gone needs no emptying
    RebalanceResult result;
    try {
      result =
          new RebalancePlanner()
              .plan(
                  model,
                  PlannerSettings.defaults()
                      .withMaxImbalance(job.maxImbalance())
                      .withRemoveBrokers(removing));
    } catch (IllegalArgumentException e) {
      // The request cannot be met (e.g. more replicas than brokers would remain): said as such, not
      // as a bug.
      RebalanceStatus impossible = new RebalanceStatus();
      impossible.setReason(reason);
      impossible.setPhase("Failed");
      impossible.setFinishedAt(now());
      impossible.setMessage("cannot plan: " + e.getMessage());
      job.status().accept(impossible);
      job.finished().accept(reason + ": " + impossible.getMessage());
      return;
    }
    RebalanceStatus status = new RebalanceStatus();
    status.setReason(reason);
    status.setStartedAt(now());
    status.setMovesTotal(result.plan().partitions().size());
    status.setBytesTotal(result.plan().bytesMoved());
    if (result.plan().partitions().isEmpty()) {
      if (draining) {
        job.afterDrain().run();
      }
      // Said once per request, and once per set of empty brokers (the fill check runs every
      // reconcile).
      boolean newlyEmpty =
          REASON_FILL.equals(reason) && !empty.equals(quietFills.put(job.cluster(), empty));
      if (REASON_REQUESTED.equals(reason) || REASON_RESUMED.equals(reason) || newlyEmpty) {
        status.setPhase("Completed");
        status.setMovesDone(0);
        status.setFinishedAt(now());
        status.setMessage(
            newlyEmpty
                ? "brokers "
                    + empty
                    + " hold no replica, but the cluster is balanced without them: nothing to move"
                : "already balanced: nothing to move");
        job.status().accept(status);
        job.finished().accept(status.getMessage());
      }
      return;
    }
    status.setPhase("Running");
    status.setMovesDone(0);
    status.setMessage(
        switch (reason) {
          case REASON_DRAIN ->
              reDrain
                  ? "emptying brokers "
                      + leaving
                      + " again: replicas landed on them before Strimzi removed them"
                  : "emptying brokers " + job.drain() + " before they are removed";
          case REASON_FILL -> "filling brokers " + empty;
          case REASON_SUSTAINED -> "rebalancing: imbalance lasted the whole window";
          case REASON_RESUMED -> "rebalancing again: an operator restart interrupted the last plan";
          default -> "rebalancing on request";
        });
    job.status().accept(status);
    LOG.info(
        "{}: {} started, {} moves, {} MiB",
        job.cluster(),
        reason,
        status.getMovesTotal(),
        status.getBytesTotal() >> 20);
    ReassignmentExecutor executor =
        new ReassignmentExecutor(
            new KafkaPartitionMover(job.admin(), marks.apply(job.cluster())),
            clock,
            d -> Thread.sleep(d.toMillis()));
    ExecutionProgress[] last = {null};
    ExecutionProgress end;
    moving.add(job.cluster());
    try {
      end =
          executor.execute(
              result.plan(),
              job.executor(),
              p -> {
                if (last[0] == null
                    || p.movesDone() != last[0].movesDone()
                    || p.movesCancelled() != last[0].movesCancelled()) {
                  job.status().accept(fill(status, p));
                }
                last[0] = p;
              });
    } finally {
      moving.remove(job.cluster());
    }
    fill(status, end);
    status.setPhase("Completed");
    status.setFinishedAt(now());
    status.setMessage(end.describe());
    job.status().accept(status);
    if (draining && end.movesCancelled() == 0) {
      job.afterDrain().run();
    }
    job.finished().accept(reason + ": " + end.describe());
    LOG.info("{}: {} finished: {}", job.cluster(), reason, end.describe());
  }

  /**
   * Partition moves Kafka is still running were started by an earlier plan (an operator restart cut
   * it short): they finish, or are cancelled past the stuck limit of the largest, before a new plan
   * is made from the layout.
   */
  private void awaitMovesInFlight(Job job) throws InterruptedException {
    KafkaPartitionMover mover = new KafkaPartitionMover(job.admin());
    Set<PartitionId> inFlight = mover.inProgress();
    if (inFlight.isEmpty()) {
      return;
    }
    LOG.info(
        "{}: {} partition moves of an earlier plan still run; waiting for them",
        job.cluster(),
        inFlight.size());
    RebalanceStatus waiting = new RebalanceStatus();
    waiting.setPhase("Running");
    waiting.setReason(job.trigger() != null ? job.trigger() : REASON_RESUMED);
    waiting.setStartedAt(now());
    waiting.setMessage(
        "waiting for " + inFlight.size() + " partition moves started before an operator restart");
    job.status().accept(waiting);
    // The earlier plan's moves get the limit of the largest partition among them (their start is
    // not known).
    Set<PartitionId> waitedFor = inFlight;
    long largest =
        new ClusterModelReader(job.admin(), clock)
            .read(BrokerLimits.UNLIMITED, Duration.ZERO).partitions().stream()
                .filter(p -> waitedFor.contains(new PartitionId(p.topic(), p.partition())))
                .mapToLong(io.serverlesskafka.autoscaler.rebalance.PartitionSpec::sizeBytes)
                .max()
                .orElse(0);
    Duration limit = job.executor().stuckLimit(largest);
    Instant deadline = Instant.now(clock).plus(limit);
    while (!inFlight.isEmpty()) {
      if (Instant.now(clock).isAfter(deadline)) {
        LOG.warn("{}: moves {} still running after {}: cancelled", job.cluster(), inFlight, limit);
        mover.cancel(inFlight);
        break;
      }
      Thread.sleep(job.executor().pollInterval().toMillis());
      inFlight = mover.inProgress();
    }
  }

  /**
   * A plan cut short leaves its replication throttles behind; which brokers and topics is not
   * known, so all.
   */
  private void clearLeftoverThrottles(Job job) throws InterruptedException {
    ClusterModel layout =
        new ClusterModelReader(job.admin(), clock).read(BrokerLimits.UNLIMITED, Duration.ZERO);
    Set<String> topics =
        layout.partitions().stream()
            .map(io.serverlesskafka.autoscaler.rebalance.PartitionSpec::topic)
            .collect(Collectors.toCollection(TreeSet::new));
    new KafkaPartitionMover(job.admin(), marks.apply(job.cluster()))
        .clearThrottle(new TreeSet<>(layout.brokerIds()), topics);
    LOG.info(
        "{}: replication throttles of an interrupted or failed plan cleared on {} brokers, {} topics",
        job.cluster(),
        layout.brokerIds().size(),
        topics.size());
  }

  private static boolean holdReplicas(ClusterModel model, Set<Integer> brokers) {
    return model.partitions().stream()
        .anyMatch(p -> p.replicas().stream().anyMatch(brokers::contains));
  }

  /** Brokers with no replica in a cluster that has partitions: new brokers waiting to be filled. */
  static Set<Integer> emptyBrokers(ClusterModel model) {
    if (model.partitions().isEmpty()) {
      return new TreeSet<>();
    }
    Set<Integer> used =
        model.partitions().stream().flatMap(p -> p.replicas().stream()).collect(Collectors.toSet());
    return model.brokerIds().stream()
        .filter(b -> !used.contains(b))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static RebalanceStatus fill(RebalanceStatus status, ExecutionProgress p) {
    status.setMovesDone(p.movesDone());
    status.setMovesCancelled(p.movesCancelled());
    status.setBytesDone(p.bytesDone());
    status.setEstimatedSecondsLeft(p.estimatedSecondsLeft());
    return status;
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Override
  public void close() {
    closed = true;
    workers.shutdownNow();
  }
}
