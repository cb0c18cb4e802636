package io.serverlesskafka.autoscaler.rebalance;

import java.util.Objects;

/**
 * One broker of the cluster model.
 *
 * @param rack the broker's rack (availability zone), or {@code null} when the cluster has no rack
 *     awareness
 */
public record BrokerSpec(int id, String rack, BrokerLimits capacity) {
  public BrokerSpec {
    Objects.requireNonNull(capacity, "capacity");
  }

  public boolean hasRack() {
    return rack != null;
  }
}
