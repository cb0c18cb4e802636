package io.serverlesskafka.autoscaler.scaling;

/** What a decision does to the broker count. */
public enum ScaleAction {
  NONE,
  SCALE_UP,
  SCALE_DOWN
}
