package io.serverlesskafka.devcluster.strimzi;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.devcluster.kafka.KafkaAdminOperations;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Realizes a KafkaTopic as Strimzi's topic operator does: creates the topic, raises partitions,
 * alters config; a decrease of partitions or a replication factor change is refused with {@code
 * Ready=False}. Deleting the KafkaTopic deletes the topic (through a finalizer).
 *
 * <p>Like Strimzi's (without Cruise Control), {@code spec.config} is the whole truth: a topic
 * config set in Kafka but not in the spec is deleted at every reconcile, the replication throttle
 * marks ({@code leader/follower.replication.throttled.replicas}) included; throttle marks in the
 * spec are kept, with a Warning condition. See {@code BatchingTopicController.buildAlterConfigOps}
 * and {@code filterOutThrottlingConfig} in strimzi-kafka-operator's topic-operator module.
 */
final class TopicRealizer {
  static final List<String> THROTTLING_CONFIG =
      List.of("follower.replication.throttled.replicas", "leader.replication.throttled.replicas");

  private final KubernetesClient client;
  private final StatusWriter statusWriter;

  TopicRealizer(KubernetesClient client, StatusWriter statusWriter) {
    this.client = client;
    this.statusWriter = statusWriter;
  }

  static String topicName(KafkaTopic kt) {
    return kt.getSpec() != null && kt.getSpec().getTopicName() != null
        ? kt.getSpec().getTopicName()
        : kt.getMetadata().getName();
  }

  void reconcile(KafkaTopic kt, KafkaAdminOperations admin) {
    String topic = topicName(kt);
    if (kt.getMetadata().getDeletionTimestamp() != null) {
      admin.deleteTopic(topic);
      Finalizers.remove(client, kt);
      return;
    }
    Finalizers.add(client, kt);
    Condition condition;
    List<Condition> warnings = new ArrayList<>();
    String topicId = null;
    try {
      Map<String, String> config = new LinkedHashMap<>();
      if (kt.getSpec().getConfig() != null) {
        kt.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
      }
      int partitions = kt.getSpec().getPartitions() == null ? 1 : kt.getSpec().getPartitions();
      int replicas = kt.getSpec().getReplicas() == null ? -1 : kt.getSpec().getReplicas();
      TopicDescription existing = admin.describeTopic(topic).orElse(null);
      if (existing == null) {
        admin.createTopic(topic, partitions, replicas, config);
        condition = StrimziConditions.ready();
      } else {
        int current = existing.partitions().size();
        int currentReplicas = existing.partitions().get(0).replicas().size();
        if (partitions < current) {
          condition =
              StrimziConditions.notReadyTopic(
                  "NotSupported", "Decreasing partitions not supported");
        } else if (replicas > 0 && replicas != currentReplicas) {
          condition =
              StrimziConditions.notReadyTopic(
                  "NotSupported",
                  "Replication factor change not supported by the local stand-in (Strimzi needs Cruise Control for it)");
        } else {
          if (partitions > current) {
            admin.increasePartitions(topic, partitions);
          }
          Map<String, String> changes = new LinkedHashMap<>(config);
          admin.topicConfig(topic).keySet().stream()
              .filter(k -> !config.containsKey(k))
              .forEach(k -> changes.put(k, null));
          admin.alterTopicConfig(topic, changes);
          condition = StrimziConditions.ready();
        }
      }
      topicId = admin.describeTopic(topic).map(d -> d.topicId().toString()).orElse(null);
      THROTTLING_CONFIG.stream()
          .filter(config::containsKey)
          .forEach(
              k ->
                  warnings.add(
                      StrimziConditions.warning(
                          "InvalidConfig",
                          "Property " + k + " may conflict with throttled rebalances")));
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      condition =
          StrimziConditions.notReadyTopic(
              cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()));
    }
    statusWriter.write(
        kt,
        new KafkaTopicStatusBuilder()
            .withObservedGeneration(kt.getMetadata().getGeneration())
            .withTopicName(topic)
            .withTopicId(topicId)
            .withConditions(condition)
            .addAllToConditions(warnings)
            .build());
  }
}
