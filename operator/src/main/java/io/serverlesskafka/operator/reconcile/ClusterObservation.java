package io.serverlesskafka.operator.reconcile;

import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * What a cluster's reconcile sees before it decides anything, as plain data.
 *
 * @param cluster the ServerlessKafka, with the status this operator last wrote for it (which may be
 *     newer than the informer's copy); a deletion timestamp means its deletion was asked for
 * @param usage the ServerlessTopics and retained Kafka topics on the cluster
 * @param kafka the Strimzi Kafka as the informer holds it (null: none)
 * @param adminUser the operator's admin KafkaUser as the informer holds it (null: none)
 * @param brokerPool the broker KafkaNodePool as the informer holds it, for Strimzi's status
 * @param liveBrokerPool the broker pool read from the API server just now (null: none): its size
 *     belongs to whoever scaled it last, so it is written back only if unchanged since this read
 * @param hibernation what an OnDemand cluster without topics needs to decide whether to hibernate;
 *     null when the question does not arise (not OnDemand, topics on it, or an invalid spec)
 */
public record ClusterObservation(
    ServerlessKafka cluster,
    ClusterUsage usage,
    Kafka kafka,
    KafkaUser adminUser,
    KafkaNodePool brokerPool,
    KafkaNodePool liveBrokerPool,
    Hibernation hibernation) {

  /**
   * @param kafkaExists whether the Strimzi Kafka exists (read live: hibernation deletes it)
   * @param stillNeedsBrokers whether any KafkaTopic of the cluster, or a KafkaUser other than the
   *     operator's admin, is left: retained data lives on the brokers, and topics and users being
   *     deleted need the brokers to finish (their finalizers reach Kafka)
   */
  public record Hibernation(boolean kafkaExists, boolean stillNeedsBrokers) {}

  public boolean deleting() {
    return cluster.getMetadata().getDeletionTimestamp() != null;
  }
}
