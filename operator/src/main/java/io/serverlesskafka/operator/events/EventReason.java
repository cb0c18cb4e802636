package io.serverlesskafka.operator.events;

/** Reasons of the Events the operator records; stable strings users and alerts can match on. */
public enum EventReason {
  Created,
  Updated,
  Ready,
  InvalidSpec,
  ClusterNotFound,
  ClusterNotAllowed,
  ClusterChanged,
  ClusterDeleting,
  ClusterAmbiguous,
  /** An object of the topic's name exists and belongs to someone else; it is left untouched. */
  Conflict,
  /** A KafkaTopic retained by an earlier ServerlessTopic of this namespace was taken over. */
  Adopted,
  /**
   * The replication factor or min.insync.replicas is not what the manifest or the current topic
   * has.
   */
  ReplicationReduced,
  TopicNameTooLong,
  PartitionsDecrease,
  StrimziRejected,
  DeletionBlocked,
  Deleted,
  Retained,
  ScaledUp,
  ScaledDown,
  ScaleRecommended,
  /**
   * Strimzi refused a scale-down (or has not carried it out for long): the brokers are drained
   * again.
   */
  ScaleDownRefused,
  /** A refused scale-down is given up: the pool is set back to the brokers that run. */
  ScaleDownAbandoned,
  /**
   * The autoscaler could not read the cluster's load (Prometheus or the Admin API failed) and
   * decided nothing.
   */
  AutoscalingSkipped,
  RebalanceStarted,
  RebalanceFinished,
  ReconcileError,
  KedaNotInstalled,
  ConsumerScalingRemoved,
  Hibernating,
  WakingUp,
  WokeUp
}
