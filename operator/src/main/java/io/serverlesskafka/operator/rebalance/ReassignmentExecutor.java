package io.serverlesskafka.operator.rebalance;

import io.serverlesskafka.autoscaler.rebalance.PartitionReassignment;
import io.serverlesskafka.autoscaler.rebalance.ReassignmentPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reassignment plan safely: a bounded number of moves per broker at a time, replication
 * throttled on the brokers involved (and cleared afterwards), moves stuck past a limit that follows
 * their size and the throttle cancelled, preferred leaders elected at the end. Resumable: moves
 * already done are skipped and moves Kafka is still running are adopted, so a restarted operator
 * picks a plan up where it was. One plan at a time per executor.
 */
public final class ReassignmentExecutor {
  /** Waits between progress checks; tests pass one that advances a simulated clock. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(ReassignmentExecutor.class);
  private final PartitionMover mover;
  private final Clock clock;
  private final Sleeper sleeper;
  private final AtomicBoolean running = new AtomicBoolean();

  public ReassignmentExecutor(PartitionMover mover, Clock clock, Sleeper sleeper) {
    this.mover = mover;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public boolean isRunning() {
    return running.get();
  }

  public ExecutionProgress execute(
      ReassignmentPlan plan, ExecutorSettings settings, Consumer<ExecutionProgress> progress)
      throws InterruptedException {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("a reassignment plan is already running");
    }
    try {
      return run(plan, settings, progress);
    } finally {
      running.set(false);
    }
  }

  private ExecutionProgress run(
      ReassignmentPlan plan, ExecutorSettings settings, Consumer<ExecutionProgress> progress)
      throws InterruptedException {
    Map<PartitionId, PartitionReassignment> moves = new LinkedHashMap<>();
    for (PartitionReassignment r : plan.partitions()) {
      moves.put(new PartitionId(r.topic(), r.partition()), r);
    }
    Set<PartitionId> done = new HashSet<>();
    Set<PartitionId> cancelled = new HashSet<>();
    Map<PartitionId, Instant> inFlight = new HashMap<>();
    // Resume: what already has its target replicas is done, what Kafka still moves is ours to
    // watch.
    Map<PartitionId, List<Integer>> live = mover.replicas(moves.keySet());
    Set<PartitionId> running = mover.inProgress();
    Deque<PartitionId> pending = new ArrayDeque<>();
    for (var e : moves.entrySet()) {
      if (running.contains(e.getKey())) {
        inFlight.put(e.getKey(), Instant.now(clock));
      } else if (e.getValue().replicas().equals(live.get(e.getKey()))) {
        done.add(e.getKey());
      } else {
        pending.add(e.getKey());
      }
    }
    Set<Integer> brokers = new TreeSet<>();
    Set<String> topics = new TreeSet<>();
    for (PartitionReassignment r : plan.partitions()) {
      brokers.addAll(r.currentReplicas());
      brokers.addAll(r.replicas());
      topics.add(r.topic());
    }
    if (!moves.isEmpty() && done.size() < moves.size()) {
      mover.throttle(brokers, topics, settings.throttleBytesPerSecond());
    }
    try {
      while (true) {
        Set<PartitionId> stillRunning = mover.inProgress();
        Instant now = Instant.now(clock);
        for (var it = inFlight.entrySet().iterator(); it.hasNext(); ) {
          var e = it.next();
          if (!stillRunning.contains(e.getKey())) {
            done.add(e.getKey());
            it.remove();
          } else if (Duration.between(e.getValue(), now)
                  .compareTo(settings.stuckLimit(moves.get(e.getKey()).sizeBytes()))
              > 0) {
            LOG.warn(
                "reassignment of {} running for more than {}: cancelled",
                e.getKey(),
                settings.stuckLimit(moves.get(e.getKey()).sizeBytes()));
            mover.cancel(Set.of(e.getKey()));
            cancelled.add(e.getKey());
            it.remove();
          }
        }
        Map<PartitionId, List<Integer>> batch =
            admit(pending, inFlight.keySet(), moves, settings.maxMovesPerBroker());
        if (!batch.isEmpty()) {
          mover.startMoves(batch);
          batch.keySet().forEach(p -> inFlight.put(p, now));
        }
        ExecutionProgress current = progress(moves, done, cancelled, inFlight.keySet(), settings);
        progress.accept(current);
        if (pending.isEmpty() && inFlight.isEmpty()) {
          break;
        }
        sleeper.sleep(settings.pollInterval());
      }
    } finally {
      mover.clearThrottle(brokers, topics);
    }
    Set<PartitionId> leaders = new TreeSet<>(done);
    if (!leaders.isEmpty()) {
      mover.electPreferredLeaders(leaders);
    }
    ExecutionProgress result = progress(moves, done, cancelled, Set.of(), settings);
    progress.accept(result);
    return result;
  }

  /**
   * Takes pending moves in plan order while no broker they touch exceeds its concurrent-move
   * budget.
   */
  static Map<PartitionId, List<Integer>> admit(
      Deque<PartitionId> pending,
      Set<PartitionId> inFlight,
      Map<PartitionId, PartitionReassignment> moves,
      int maxPerBroker) {
    Map<Integer, Integer> busy = new HashMap<>();
    for (PartitionId p : inFlight) {
      movingBrokers(moves.get(p)).forEach(b -> busy.merge(b, 1, Integer::sum));
    }
    Map<PartitionId, List<Integer>> batch = new LinkedHashMap<>();
    for (var it = pending.iterator(); it.hasNext(); ) {
      PartitionId p = it.next();
      Set<Integer> touched = movingBrokers(moves.get(p));
      if (touched.stream().allMatch(b -> busy.getOrDefault(b, 0) < maxPerBroker)) {
        touched.forEach(b -> busy.merge(b, 1, Integer::sum));
        batch.put(p, moves.get(p).replicas());
        it.remove();
      }
    }
    return batch;
  }

  /** Brokers that send or receive data in a move; a leadership-only change touches none. */
  static Set<Integer> movingBrokers(PartitionReassignment r) {
    Set<Integer> added = new HashSet<>(r.replicas());
    added.removeAll(r.currentReplicas());
    Set<Integer> removed = new HashSet<>(r.currentReplicas());
    removed.removeAll(r.replicas());
    if (added.isEmpty()) {
      return Set.of();
    }
    Set<Integer> touched = new HashSet<>(added);
    touched.addAll(removed);
    // The leader sends the data to new followers.
    touched.add(r.currentReplicas().get(0));
    return touched;
  }

  private static ExecutionProgress progress(
      Map<PartitionId, PartitionReassignment> moves,
      Set<PartitionId> done,
      Set<PartitionId> cancelled,
      Set<PartitionId> inFlight,
      ExecutorSettings settings) {
    long bytesTotal = moves.values().stream().mapToLong(PartitionReassignment::bytesMoved).sum();
    long bytesDone = done.stream().mapToLong(p -> moves.get(p).bytesMoved()).sum();
    Map<Integer, Long> leftPerDestination = new HashMap<>();
    for (var e : moves.entrySet()) {
      if (done.contains(e.getKey()) || cancelled.contains(e.getKey())) {
        continue;
      }
      PartitionReassignment r = e.getValue();
      for (int b : r.replicas()) {
        if (!r.currentReplicas().contains(b)) {
          leftPerDestination.merge(b, r.sizeBytes(), Long::sum);
        }
      }
    }
    long busiest = leftPerDestination.values().stream().mapToLong(Long::longValue).max().orElse(0);
    long estimate =
        settings.throttleBytesPerSecond() > 0 ? busiest / settings.throttleBytesPerSecond() : -1;
    return new ExecutionProgress(
        moves.size(),
        done.size(),
        cancelled.size(),
        inFlight.size(),
        bytesTotal,
        bytesDone,
        estimate);
  }
}
