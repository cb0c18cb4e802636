package io.serverlesskafka.autoscaler.scaling;

import java.util.Locale;

/**
 * Whether the autoscaler acts on its decisions or only reports them ({@code
 * spec.autoscaling.mode}).
 */
public enum ScalingMode {
  /** Decisions are realized (the operator patches the broker KafkaNodePool). */
  AUTO("Auto"),
  /**
   * Decisions are computed and published as events, never realized: lets a team watch what the
   * autoscaler would do on real traffic before trusting it.
   */
  RECOMMEND_ONLY("RecommendOnly");

  private final String specName;

  ScalingMode(String specName) {
    this.specName = specName;
  }

  /** The spelling used in the CRD and YAML files. */
  public String specName() {
    return specName;
  }

  /**
   * Accepts the CRD spelling ({@code Auto}, {@code RecommendOnly}) in any case, and the enum name.
   */
  public static ScalingMode parse(String text) {
    String normalized = text.trim().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    for (ScalingMode mode : values()) {
      if (mode.specName.toLowerCase(Locale.ROOT).equals(normalized)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a mode (use Auto or RecommendOnly)");
  }
}
