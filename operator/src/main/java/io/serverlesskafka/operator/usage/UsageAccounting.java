package io.serverlesskafka.operator.usage;

import io.serverlesskafka.api.v1alpha1.TopicUsage;
import io.serverlesskafka.operator.model.ClusterSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds one sample to a topic's accumulated usage. Pure: the previous usage (from status, so that
 * counting survives operator restarts), a sample and the prices in, the new usage out.
 *
 * <p>Kafka's Admin API tells offsets and log sizes, not bytes transferred, so bytes are derived:
 *
 * <ul>
 *   <li>records in = growth of the sum of log-end offsets (exact: offsets never go back);
 *   <li>records out = growth of each consumer group's committed offsets (records consumed and
 *       committed);
 *   <li>bytes in = bytes stored now plus bytes retention has deleted, the latter estimated as the
 *       records it deleted (growth of the log-start offsets) times the average stored record size.
 *       Stored bytes are a level, not a rate, so an error in one sample is corrected by the next;
 *       bytes are counted as Kafka stores them (batch framing included, after producer
 *       compression). Compaction removes bytes without moving the log start, so compacted topics
 *       are undercounted;
 *   <li>bytes out = records consumed times the average stored record size (log size over stored
 *       records): only as exact as the average, records of very different sizes over time make it
 *       drift;
 *   <li>the first sample counts from offset 0, i.e. everything since the topic was created.
 * </ul>
 */
public final class UsageAccounting {
  public static final double GIB = 1024.0 * 1024 * 1024;
  public static final double HOURS_PER_MONTH = 30 * 24;

  private UsageAccounting() {}

  public static TopicUsage add(TopicUsage previous, UsageSample sample, ClusterSettings prices) {
    TopicUsage p = previous == null ? new TopicUsage() : previous;
    long recordsIn = Math.max(0, sample.logEndOffsets() - or(p.getLogEndOffsets(), 0L));
    long recordsOut = 0;
    Map<String, Long> baselines =
        p.getCommittedOffsets() == null ? Map.of() : p.getCommittedOffsets();
    for (var group : sample.committedOffsets().entrySet()) {
      recordsOut += Math.max(0, group.getValue() - baselines.getOrDefault(group.getKey(), 0L));
    }
    double perRecord = sample.bytesPerRecord();
    long retiredRecords = Math.max(0, sample.logStartOffsets() - or(p.getLogStartOffsets(), 0L));
    long retiredBytes = or(p.getRetiredBytes(), 0L) + Math.round(retiredRecords * perRecord);
    long bytesInTotal = Math.max(or(p.getBytesIn(), 0L), sample.storedBytes() + retiredBytes);
    long bytesIn = bytesInTotal - or(p.getBytesIn(), 0L);
    long bytesOut = Math.round(recordsOut * perRecord);
    double hours =
        p.getLastSampleTime() == null
            ? 0
            : Math.max(
                0,
                Duration.between(Instant.parse(p.getLastSampleTime()), sample.time()).toMillis()
                    / 3_600_000.0);
    // the stored size between two samples is taken as the mean of both ends
    double storedGiBHours =
        hours * (or(p.getStoredBytes(), sample.storedBytes()) + sample.storedBytes()) / 2 / GIB;
    double cost =
        bytesIn / GIB * prices.pricePerGiBIn()
            + bytesOut / GIB * prices.pricePerGiBOut()
            + storedGiBHours / HOURS_PER_MONTH * prices.pricePerGiBMonthStored();

    TopicUsage u = new TopicUsage();
    u.setSince(p.getSince() != null ? p.getSince() : sample.time().toString());
    u.setLastSampleTime(sample.time().toString());
    u.setRecordsIn(or(p.getRecordsIn(), 0L) + recordsIn);
    u.setRecordsOut(or(p.getRecordsOut(), 0L) + recordsOut);
    u.setBytesIn(bytesInTotal);
    u.setBytesOut(or(p.getBytesOut(), 0L) + bytesOut);
    u.setStoredBytes(sample.storedBytes());
    u.setStoredGiBHours(or(p.getStoredGiBHours(), 0.0) + storedGiBHours);
    u.setCost(or(p.getCost(), 0.0) + cost);
    u.setCurrency(prices.currency());
    u.setLogEndOffsets(Math.max(sample.logEndOffsets(), or(p.getLogEndOffsets(), 0L)));
    u.setLogStartOffsets(Math.max(sample.logStartOffsets(), or(p.getLogStartOffsets(), 0L)));
    u.setRetiredBytes(retiredBytes);
    // keep baselines of groups that disappeared, so that a group that comes back is not counted
    // twice
    Map<String, Long> committed = new TreeMap<>(baselines);
    sample.committedOffsets().forEach((g, o) -> committed.merge(g, o, Math::max));
    u.setCommittedOffsets(new LinkedHashMap<>(committed));
    return u;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
