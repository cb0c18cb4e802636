package io.serverlesskafka.operator.events;

/** Reasons of the Events the operator records; stable strings users and alerts can match on. */
public enum EventReason {
  Created,
  Updated,
  Ready,
  InvalidSpec,
  ClusterNotFound,
  TopicNameTooLong,
  PartitionsDecrease,
  StrimziRejected,
  DeletionBlocked,
  Deleted,
  Retained,
  ScaledUp,
  ScaledDown,
  ScaleRecommended,
  /** The autoscaler could not read the cluster's load (Prometheus or the Admin API failed) and decided nothing. */
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
