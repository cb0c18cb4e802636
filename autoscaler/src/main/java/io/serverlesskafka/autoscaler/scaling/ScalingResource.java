package io.serverlesskafka.autoscaler.scaling;

/** The broker resources the autoscaler sizes against; the busiest one decides the broker count. */
public enum ScalingResource {
  INGRESS("ingress"),
  EGRESS("egress"),
  DISK("disk"),
  PARTITIONS("partitions");

  private final String label;

  ScalingResource(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
