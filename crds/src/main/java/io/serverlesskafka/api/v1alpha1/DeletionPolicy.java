package io.serverlesskafka.api.v1alpha1;

/** What deleting a ServerlessTopic does to the Kafka topic. */
public enum DeletionPolicy {
  /** Remove the topic with its data, the user and the Secret. */
  Delete,
  /** Keep the topic and its data; remove the user and the Secret. */
  Retain
}
