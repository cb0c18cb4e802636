package io.serverlesskafka.operator.model;

import java.util.Collection;
import java.util.Objects;

/**
 * How many brokers a tenant's cluster-wide quota is split across. Kafka enforces a user's quota on
 * each broker separately, and a client only talks to the brokers leading the partitions it produces
 * to or fetches from. Dividing by every broker of the pool would shrink the tenant's effective
 * limit whenever the pool grows but the topic's leaders stay where they are; dividing by the
 * distinct leaders keeps the sum of what the tenant can reach equal to its limit. Without leader
 * information (Kafka unreachable) the broker count is the safe fallback: it never lets a tenant
 * exceed its limit.
 */
public final class QuotaBrokers {
  private QuotaBrokers() {}

  /**
   * @param leaders the leader broker id of each partition; null or empty when unknown, null entries
   *     for partitions without a leader
   * @param brokers the brokers of the pool, the fallback
   */
  public static int of(Collection<Integer> leaders, int brokers) {
    if (leaders == null || leaders.isEmpty()) {
      return Math.max(1, brokers);
    }
    long distinct = leaders.stream().filter(Objects::nonNull).distinct().count();
    return distinct == 0 ? Math.max(1, brokers) : (int) distinct;
  }
}
