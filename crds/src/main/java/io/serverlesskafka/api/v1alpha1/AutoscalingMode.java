package io.serverlesskafka.api.v1alpha1;

/** Whether the autoscaler acts on its decisions. */
public enum AutoscalingMode {
  /** Decisions are carried out. */
  Auto,
  /** Decisions are reported in status, Events and metrics, never carried out. */
  RecommendOnly,
  /** No decisions; the broker pool stays at brokers.min. */
  Disabled
}
