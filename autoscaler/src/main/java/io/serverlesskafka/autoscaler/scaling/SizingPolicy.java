package io.serverlesskafka.autoscaler.scaling;

import java.util.Locale;

/**
 * How the autoscaler sizes the cluster and decides when to scale ({@code spec.autoscaling.policy}).
 */
public enum SizingPolicy {
  /**
   * Headroom from lead time ({@link LeadTimePolicy}): size for what can arrive before a new broker
   * serves (recent growth × provision time plus the load's own recent noise) up to {@code
   * maxUtilization}, and remove brokers only when a removal pays for its drain and data moves,
   * remembering how long recent dips lasted.
   */
  LEAD_TIME("LeadTime"),
  /**
   * The earlier fixed-target policy ({@link ScalingPolicy}): a constant {@code targetUtilization}
   * with a dead band and fixed stabilization windows. Kept so a cluster can keep exactly its old
   * behaviour.
   */
  TARGET("Target");

  private final String specName;

  SizingPolicy(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }

  /** Accepts the CRD spelling ({@code LeadTime}, {@code Target}) in any case, and the enum name. */
  public static SizingPolicy parse(String text) {
    String normalized = text.trim().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    for (SizingPolicy policy : values()) {
      if (policy.specName.toLowerCase(Locale.ROOT).equals(normalized)) {
        return policy;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a policy (use LeadTime or Target)");
  }
}
