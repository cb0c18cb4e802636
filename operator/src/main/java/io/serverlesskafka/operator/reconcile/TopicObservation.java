package io.serverlesskafka.operator.reconcile;

import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.operator.model.ClientConnection;
import io.serverlesskafka.operator.tenancy.Ownership;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * What a topic's reconcile sees before it decides anything: the topic, its namespace, where it
 * resolves, and any existing objects of the names it needs, whoever made them.
 *
 * @param namespaceUid UID of the topic's namespace (null if it could not be read)
 * @param kafkaTopic the KafkaTopic of the topic's Kafka name in the cluster's namespace, ours or
 *     not (null: none)
 * @param kafkaUser the KafkaUser of that name, ours or not
 * @param password the password Strimzi wrote for that KafkaUser (null: not yet)
 * @param secret whether the client Secret {@code <name>-kafka} is absent, the topic's own, or
 *     someone else's
 * @param quotaBrokers brokers the user's quota is divided across
 * @param connection how clients reach the cluster (address, TLS or not, the cluster CA); null while
 *     the cluster has no address yet or, with TLS, Strimzi has not published the CA
 */
public record TopicObservation(
    ServerlessTopic topic,
    String namespaceUid,
    ClusterResolver.Resolution resolution,
    KafkaTopic kafkaTopic,
    KafkaUser kafkaUser,
    String password,
    Ownership.Kind secret,
    int quotaBrokers,
    ClientConnection connection) {}
