package io.serverlesskafka.operator.kafka;

import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader broker of each partition of a topic, from the Admin API, with the last answer
 * remembered: when Kafka is briefly unreachable the quota division keeps the last known leaders
 * instead of flapping to the pool's size and back.
 */
public final class PartitionLeaders {
  private final ClusterAdmins admins;
  private final Map<String, List<Integer>> lastKnown = new ConcurrentHashMap<>();

  public PartitionLeaders(ClusterAdmins admins) {
    this.admins = admins;
  }

  /**
   * Leaders of the topic's partitions; empty when they were never known (topic not created, Kafka
   * unreachable).
   */
  public Optional<List<Integer>> of(ServerlessKafka cluster, String kafkaTopic) {
    String key =
        cluster.getMetadata().getNamespace()
            + "/"
            + cluster.getMetadata().getName()
            + "/"
            + kafkaTopic;
    Optional<List<Integer>> now =
        admins.call(cluster, a -> a.partitionLeaders(kafkaTopic)).filter(l -> !l.isEmpty());
    now.ifPresent(l -> lastKnown.put(key, l));
    return now.or(() -> Optional.ofNullable(lastKnown.get(key)));
  }

  /**
   * Forgets every cluster's entry of a deleted topic (its Kafka topic name), wherever its
   * KafkaTopic was.
   */
  public void forget(String kafkaTopic) {
    lastKnown.keySet().removeIf(k -> k.endsWith("/" + kafkaTopic));
  }

  public int trackedEntries() {
    return lastKnown.size();
  }

  /** Forgets a deleted topic. */
  public void forget(ServerlessKafka cluster, String kafkaTopic) {
    lastKnown.remove(
        cluster.getMetadata().getNamespace()
            + "/"
            + cluster.getMetadata().getName()
            + "/"
            + kafkaTopic);
  }
}
