package io.serverlesskafka.api.v1alpha1;

/** How the autoscaler sizes a cluster (docs/autoscaler.md). */
public enum AutoscalingPolicy {
  /**
   * Headroom from lead time: size for what can arrive before a new broker serves (recent growth and
   * the load's own noise) up to maxUtilization; remove brokers only when the removal pays,
   * remembering how long dips last.
   */
  LeadTime,
  /**
   * The fixed target: size every resource for targetUtilization, with fixed stabilization windows.
   */
  Target
}
