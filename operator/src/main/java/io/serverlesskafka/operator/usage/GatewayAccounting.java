package io.serverlesskafka.operator.usage;

import io.serverlesskafka.api.v1alpha1.GatewayCounters;
import io.serverlesskafka.api.v1alpha1.TopicUsage;
import io.serverlesskafka.operator.model.ClusterSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds what the HTTP gateway processes counted for one topic's credentials to its usage. Pure: the
 * previous usage (with the counters last read from each process), the processes read now, the
 * prices in; the new usage out.
 *
 * <p>A gateway's counters live in its process and start at 0 with it; each start has a new instance
 * id. Per instance the difference to the value last read is added, as Prometheus' {@code
 * increase()} does: an instance seen for the first time adds all it counted, a counter lower than
 * last time (a reset) adds its whole value. What a process counted after it was last read and
 * before it ended is lost (at most one metering interval of its traffic). Instances not read for
 * {@link #FORGET_AFTER} are forgotten; one that is read again after that is counted from 0 again.
 */
public final class GatewayAccounting {
  static final Duration FORGET_AFTER = Duration.ofHours(24);

  private GatewayAccounting() {}

  /**
   * @param usage the usage with this sample's other counters added ({@link UsageAccounting}); its
   *     gateway fields are set here
   * @param previous the usage before this sample, whose gateway fields and bookkeeping count
   * @param scrapes the gateway processes read in this pass; null when the cluster runs no gateway
   *     or none could be read (totals stay as they were)
   * @param user the topic's credential (its Kafka user)
   */
  public static TopicUsage add(
      TopicUsage usage,
      TopicUsage previous,
      List<GatewayScrape> scrapes,
      String user,
      Instant now,
      ClusterSettings prices) {
    TopicUsage p = previous == null ? new TopicUsage() : previous;
    if (scrapes == null && p.getGatewayRequests() == null && p.getGatewayInstances() == null) {
      return usage; // no gateway so far: no gateway fields
    }
    Map<String, GatewayCounters> last =
        p.getGatewayInstances() == null ? Map.of() : p.getGatewayInstances();
    long requests = 0;
    long in = 0;
    long out = 0;
    Map<String, GatewayCounters> seen = new TreeMap<>();
    for (GatewayScrape scrape : scrapes == null ? List.<GatewayScrape>of() : scrapes) {
      GatewayScrape.Counts now0 = scrape.of(user);
      GatewayCounters before = last.get(scrape.instance());
      requests += increase(now0.requests(), before == null ? null : before.getRequests());
      in += increase(now0.recordsIn(), before == null ? null : before.getRecordsIn());
      out += increase(now0.recordsOut(), before == null ? null : before.getRecordsOut());
      if (before != null || now0.requests() + now0.recordsIn() + now0.recordsOut() > 0) {
        seen.put(
            scrape.instance(),
            new GatewayCounters(
                now0.requests(), now0.recordsIn(), now0.recordsOut(), now.toString()));
      }
    }
    // instances not read in this pass keep their values for a while (a failed read, a pod that is
    // briefly not ready), so that they are not counted from 0 when read again
    for (var e : last.entrySet()) {
      if (!seen.containsKey(e.getKey())
          && e.getValue().getSeen() != null
          && Duration.between(Instant.parse(e.getValue().getSeen()), now).compareTo(FORGET_AFTER)
              < 0) {
        seen.put(e.getKey(), e.getValue());
      }
    }
    usage.setGatewayRequests(or(p.getGatewayRequests()) + requests);
    usage.setGatewayRecordsIn(or(p.getGatewayRecordsIn()) + in);
    usage.setGatewayRecordsOut(or(p.getGatewayRecordsOut()) + out);
    usage.setGatewayInstances(seen.isEmpty() ? null : seen);
    usage.setCost(or(usage.getCost()) + requestCost(requests, prices));
    return usage;
  }

  /** The price of requests at the cluster's spec.pricing.per100kRequests. */
  public static double requestCost(long requests, ClusterSettings prices) {
    return requests / 100_000.0 * prices.pricePer100kRequests();
  }

  /** Prometheus' counter arithmetic: a value below the last one means the counter restarted. */
  static long increase(long now, Long before) {
    if (before == null || now < before) {
      return now;
    }
    return now - before;
  }

  private static long or(Long value) {
    return value == null ? 0 : value;
  }

  private static double or(Double value) {
    return value == null ? 0 : value;
  }
}
