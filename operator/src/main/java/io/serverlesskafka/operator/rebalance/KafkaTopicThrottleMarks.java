package io.serverlesskafka.operator.rebalance;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.serverlesskafka.operator.model.StrimziNames;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link ThrottleMarks} in the KafkaTopics of a cluster: the marks go into {@code spec.config} by
 * server-side apply under a field manager of their own, {@value #FIELD_MANAGER}, so that the
 * operator's own apply of the KafkaTopic (which does not name them) leaves them alone, and taking
 * them back removes only what this manager set. Strimzi's topic operator then keeps the marks in
 * Kafka (with a Warning condition "may conflict with throttled rebalances") and deletes them once
 * they leave the spec. Kafka topics without a KafkaTopic are not reset by Strimzi and need nothing
 * here.
 */
public final class KafkaTopicThrottleMarks implements ThrottleMarks {
  public static final String FIELD_MANAGER = "serverless-kafka-rebalancer";
  private static final PatchContext APPLY =
      new PatchContext.Builder()
          .withPatchType(PatchType.SERVER_SIDE_APPLY)
          .withFieldManager(FIELD_MANAGER)
          .withForce(true)
          .build();
  private final KubernetesClient client;
  private final String namespace;
  private final String kafka;

  /**
   * @param kafka the Strimzi Kafka's name, which KafkaTopics name in their {@code
   *     strimzi.io/cluster} label
   */
  public KafkaTopicThrottleMarks(KubernetesClient client, String namespace, String kafka) {
    this.client = client;
    this.namespace = namespace;
    this.kafka = kafka;
  }

  /**
   * For a cluster key {@code namespace/name} (a ServerlessKafka's, whose Kafka has the same name).
   */
  public static ThrottleMarks forCluster(KubernetesClient client, String clusterKey) {
    int slash = clusterKey.indexOf('/');
    return new KafkaTopicThrottleMarks(
        client, clusterKey.substring(0, slash), clusterKey.substring(slash + 1));
  }

  @Override
  public void mark(Set<String> topics) {
    Map<String, Object> marks =
        Map.of(
            KafkaPartitionMover.LEADER_REPLICAS, "*", KafkaPartitionMover.FOLLOWER_REPLICAS, "*");
    kafkaTopics()
        .forEach(
            (topic, kt) -> {
              if (topics.contains(topic)) {
                client
                    .resource(
                        new KafkaTopicBuilder()
                            .withNewMetadata()
                            .withName(kt.getMetadata().getName())
                            .withNamespace(namespace)
                            .endMetadata()
                            .withNewSpec()
                            .withConfig(marks)
                            .endSpec()
                            .build())
                    .patch(APPLY);
              }
            });
  }

  @Override
  public void unmark(Set<String> topics) {
    kafkaTopics()
        .forEach(
            (topic, kt) -> {
              boolean marked =
                  kt.getMetadata().getManagedFields() != null
                      && kt.getMetadata().getManagedFields().stream()
                          .anyMatch(f -> FIELD_MANAGER.equals(f.getManager()));
              if (topics.contains(topic) && marked) {
                // An apply that names nothing: the fields this manager alone set leave the object.
                client
                    .resource(
                        new KafkaTopicBuilder()
                            .withNewMetadata()
                            .withName(kt.getMetadata().getName())
                            .withNamespace(namespace)
                            .endMetadata()
                            .build())
                    .patch(APPLY);
              }
            });
  }

  /** The cluster's KafkaTopics by the Kafka topic they stand for. */
  private Map<String, KafkaTopic> kafkaTopics() {
    Map<String, KafkaTopic> result = new HashMap<>();
    for (KafkaTopic kt :
        client
            .resources(KafkaTopic.class)
            .inNamespace(namespace)
            .withLabel(StrimziNames.LABEL_CLUSTER, kafka)
            .list()
            .getItems()) {
      String topic =
          kt.getSpec() != null && kt.getSpec().getTopicName() != null
              ? kt.getSpec().getTopicName()
              : kt.getMetadata().getName();
      result.put(topic, kt);
    }
    return result;
  }
}
