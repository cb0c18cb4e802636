package io.serverlesskafka.operator.reconcile;

import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.operator.model.TopicNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a cluster serves: its ServerlessTopics ({@code namespace/name}) and its retained Kafka
 * topics (KafkaTopics of the cluster that no ServerlessTopic uses: kept with deletionPolicy Retain,
 * or made by hand). Either keeps the cluster from being deleted, because its data lives on the
 * brokers. Pure: built from what was observed.
 */
public record ClusterUsage(List<String> topics, List<String> retained) {
  /** How many names go into the status (and so into the admission policy's message). */
  public static final int LISTED = 20;

  public ClusterUsage {
    topics = topics.stream().sorted().toList();
    retained = retained.stream().sorted().toList();
  }

  /**
   * @param topics the ServerlessTopics placed on the cluster
   * @param kafkaTopicNames names of the cluster's KafkaTopics (resource names, which are the Kafka
   *     topic names)
   */
  public static ClusterUsage of(
      Collection<ServerlessTopic> topics, Collection<String> kafkaTopicNames) {
    Set<String> served =
        topics.stream().map(t -> TopicNames.of(t).kafkaTopic()).collect(Collectors.toSet());
    return new ClusterUsage(
        topics.stream()
            .map(t -> t.getMetadata().getNamespace() + "/" + t.getMetadata().getName())
            .toList(),
        kafkaTopicNames.stream().filter(n -> !served.contains(n)).toList());
  }

  public boolean inUse() {
    return !topics.isEmpty() || !retained.isEmpty();
  }

  /** The first {@link #LISTED} names, ServerlessTopics first, for the status. */
  public List<String> listed() {
    List<String> names = new ArrayList<>(topics);
    retained.forEach(r -> names.add("retained " + r));
    return names.size() <= LISTED ? names : List.copyOf(names.subList(0, LISTED));
  }

  /**
   * "2 ServerlessTopic(s) and 1 retained Kafka topic(s) (a/x, b/y, retained a.old)", for messages.
   */
  public String describe() {
    int total = topics.size() + retained.size();
    List<String> names = listed();
    String list = String.join(", ", names) + (total > names.size() ? ", ..." : "");
    return topics.size()
        + " ServerlessTopic(s) and "
        + retained.size()
        + " retained Kafka topic(s) ("
        + list
        + ")";
  }
}
