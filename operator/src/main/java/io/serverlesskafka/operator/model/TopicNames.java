package io.serverlesskafka.operator.model;

import io.serverlesskafka.api.v1alpha1.ServerlessTopic;

/**
 * The names a ServerlessTopic team-a/orders maps to. Namespaces cannot contain dots, so the Kafka
 * name team-a.orders maps back to its ServerlessTopic unambiguously (split at the first dot).
 */
public record TopicNames(String namespace, String name) {
  /** Kafka's own limit on topic names. */
  public static final int MAX_KAFKA_TOPIC_LENGTH = 249;

  /** Ends a topic's consumer group prefix; a character Kubernetes names cannot contain. */
  public static final String GROUP_DELIMITER = "_";

  public static TopicNames of(ServerlessTopic topic) {
    return new TopicNames(topic.getMetadata().getNamespace(), topic.getMetadata().getName());
  }

  /** The inverse of {@link #kafkaTopic()}; null when the name is not one of ours. */
  public static TopicNames fromQualifiedName(String qualified) {
    int dot = qualified == null ? -1 : qualified.indexOf('.');
    if (dot <= 0 || dot == qualified.length() - 1) {
      return null;
    }
    return new TopicNames(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  /** Kafka topic name, also the KafkaTopic resource name. */
  public String kafkaTopic() {
    return namespace + "." + name;
  }

  /** SCRAM user name, also the KafkaUser resource name and the name of Strimzi's user Secret. */
  public String kafkaUser() {
    return kafkaTopic();
  }

  /**
   * Consumer groups this topic's credentials may use start with this: {@code <namespace>.<name>_}.
   * Kubernetes names cannot contain '_', so no other topic's prefix (and none of its groups) can
   * start with this one: topic {@code a}'s {@code team.a_} is not a prefix of topic {@code a.b}'s
   * {@code team.a.b_}, whereas the earlier {@code team.a.} was (see docs/architecture.md, "Consumer
   * groups").
   */
  public String groupPrefix() {
    return kafkaTopic() + GROUP_DELIMITER;
  }

  /**
   * The prefix of versions before the '_' delimiter. It overlaps the groups of topics whose name
   * extends this one's with a dot; it is granted only to topics whose KafkaUser had it already,
   * until they drop it.
   */
  public String legacyGroupPrefix() {
    return kafkaTopic() + ".";
  }

  /** The Secret in the tenant namespace with client settings and credentials. */
  public String secretName() {
    return name + "-kafka";
  }

  public boolean fitsKafkaLimit() {
    return kafkaTopic().length() <= MAX_KAFKA_TOPIC_LENGTH;
  }
}
