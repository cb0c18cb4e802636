package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kafka's cleanup.policy, spelled as Kafka spells it. */
public enum CleanupPolicy {
  @JsonProperty("delete")
  DELETE("delete"),
  @JsonProperty("compact")
  COMPACT("compact"),
  @JsonProperty("compact,delete")
  COMPACT_DELETE("compact,delete");

  private final String kafkaValue;

  CleanupPolicy(String kafkaValue) {
    this.kafkaValue = kafkaValue;
  }

  public String kafkaValue() {
    return kafkaValue;
  }
}
