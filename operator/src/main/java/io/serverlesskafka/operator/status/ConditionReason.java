package io.serverlesskafka.operator.status;

/** Reasons of the Ready condition (and Events); stable strings users and alerts can match on. */
public enum ConditionReason {
  Ready,
  Provisioning,
  WaitingForStrimzi,
  WaitingForCredentials,
  InvalidSpec,
  ClusterNotFound,
  ClusterAmbiguous,
  /**
   * The cluster does not accept topics from the topic's namespace (spec.allowedTopics of the
   * ServerlessKafka).
   */
  ClusterNotAllowed,
  /** spec.cluster no longer names the cluster the topic was placed on (status.cluster). */
  ClusterChanged,
  /**
   * An object the topic needs (KafkaTopic, KafkaUser, Secret, KEDA object) exists and is not the
   * topic's own.
   */
  Conflict,
  ClusterNotReady,
  ClusterDeleting,
  TopicNameTooLong,
  PartitionsDecrease,
  StrimziRejected,
  DeletionBlocked,
  ReconcileError,
  /**
   * Ready: provisioning OnDemand and no topics, so no brokers run; the first topic wakes the
   * cluster up.
   */
  Hibernating,
  /** ConsumerScaling condition: the ScaledObjects are written. */
  ConsumersScaled,
  /** ConsumerScaling condition: KEDA's CRDs are not installed, consumers are not scaled. */
  KedaNotInstalled
}
