package io.serverlesskafka.autoscaler.scaling;

import java.util.ArrayList;
import java.util.List;

/**
 * Utilization of each resource against the declared per-broker capacity, and the broker count that
 * brings the busiest resource back to the target. Resources whose capacity is 0 (not limited) are
 * skipped.
 */
public final class UtilizationCalculator {
  private final BrokerCapacity capacity;

  public UtilizationCalculator(BrokerCapacity capacity) {
    this.capacity = capacity;
  }

  /** Utilization per limited resource of {@code load} spread over {@code brokers} brokers. */
  public List<Utilization> utilizations(ClusterLoad load, int brokers) {
    List<Utilization> result = new ArrayList<>();
    for (ScalingResource resource : ScalingResource.values()) {
      if (!capacity.limits(resource)) {
        continue;
      }
      double demand = load.of(resource);
      double available = brokers * capacity.of(resource);
      double value = available > 0 ? demand / available : demand > 0 ? Double.POSITIVE_INFINITY : 0;
      result.add(new Utilization(resource, value));
    }
    return result;
  }

  /** The resource with the highest utilization: it decides the broker count. */
  public Utilization busiest(ClusterLoad load, int brokers) {
    Utilization busiest = new Utilization(ScalingResource.INGRESS, 0);
    for (Utilization utilization : utilizations(load, brokers)) {
      if (utilization.value() > busiest.value()) {
        busiest = utilization;
      }
    }
    return busiest;
  }

  /** True when some resource's load exceeds what {@code brokers} brokers can carry. */
  public boolean saturated(ClusterLoad load, int brokers) {
    return busiest(load, brokers).value() > 1.0;
  }

  /**
   * The load in brokers' worth: the busiest limited resource's load divided by one broker's
   * capacity of it (2.5 = two and a half brokers at 100 %).
   */
  public double demand(ClusterLoad load) {
    double demand = 0;
    for (ScalingResource resource : ScalingResource.values()) {
      if (capacity.limits(resource)) {
        demand = Math.max(demand, load.of(resource) / capacity.of(resource));
      }
    }
    return demand;
  }

  /**
   * Fewest brokers that keep every resource at or below {@code targetUtilization} (not clamped to
   * min/max; that is the policy's job). A small epsilon keeps 3.0000000001 from becoming 4 brokers.
   */
  public int brokersFor(ClusterLoad load, double targetUtilization) {
    int needed = 0;
    for (ScalingResource resource : ScalingResource.values()) {
      if (!capacity.limits(resource)) {
        continue;
      }
      double exact = load.of(resource) / (capacity.of(resource) * targetUtilization);
      needed = Math.max(needed, (int) Math.ceil(exact - 1e-9));
    }
    return needed;
  }
}
