package io.serverlesskafka.api.v1alpha1;

/** When a ServerlessKafka runs brokers. */
public enum ProvisioningMode {
  /** Always: the Strimzi Kafka exists as long as the ServerlessKafka does. */
  Always,
  /**
   * Only while ServerlessTopics use it: with no topics (and no retained Kafka topics) for
   * idleAfter, the Strimzi Kafka and its pools are removed; the next ServerlessTopic brings them
   * back.
   */
  OnDemand
}
