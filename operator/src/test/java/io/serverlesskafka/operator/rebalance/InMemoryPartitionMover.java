package io.serverlesskafka.operator.rebalance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cluster in memory: a move takes a given number of progress checks; throttles and elections are
 * recorded.
 */
final class InMemoryPartitionMover implements PartitionMover {
  final Map<PartitionId, List<Integer>> replicas = new HashMap<>();
  final Map<PartitionId, Integer> remainingChecks = new HashMap<>();
  final Map<PartitionId, List<Integer>> targets = new HashMap<>();
  final List<Integer> concurrentMoves = new ArrayList<>();
  final Set<PartitionId> stuck = new HashSet<>();
  final Set<PartitionId> cancelled = new HashSet<>();
  final Set<PartitionId> elected = new HashSet<>();
  Set<Integer> throttledBrokers = Set.of();
  boolean throttleCleared;
  int checksPerMove = 2;

  @Override
  public Map<PartitionId, List<Integer>> replicas(Set<PartitionId> partitions) {
    Map<PartitionId, List<Integer>> result = new HashMap<>(replicas);
    result.keySet().retainAll(partitions);
    return result;
  }

  @Override
  public void startMoves(Map<PartitionId, List<Integer>> moves) {
    moves.forEach(
        (p, r) -> {
          targets.put(p, r);
          remainingChecks.put(p, checksPerMove);
        });
    concurrentMoves.add(remainingChecks.size());
  }

  @Override
  public Set<PartitionId> inProgress() {
    for (var it = remainingChecks.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (stuck.contains(e.getKey())) {
        continue;
      }
      if (e.getValue() <= 1) {
        replicas.put(e.getKey(), targets.get(e.getKey()));
        it.remove();
      } else {
        e.setValue(e.getValue() - 1);
      }
    }
    return new HashSet<>(remainingChecks.keySet());
  }

  @Override
  public void cancel(Set<PartitionId> partitions) {
    partitions.forEach(remainingChecks::remove);
    cancelled.addAll(partitions);
  }

  @Override
  public void throttle(Set<Integer> brokers, Set<String> topics, long bytesPerSecond) {
    throttledBrokers = Set.copyOf(brokers);
  }

  @Override
  public void clearThrottle(Set<Integer> brokers, Set<String> topics) {
    throttleCleared = true;
  }

  @Override
  public void electPreferredLeaders(Set<PartitionId> partitions) {
    elected.addAll(partitions);
  }
}
