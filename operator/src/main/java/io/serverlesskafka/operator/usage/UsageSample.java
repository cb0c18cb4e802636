package io.serverlesskafka.operator.usage;

import java.time.Instant;
import java.util.Map;

/**
 * What the Admin API shows of one topic at one moment.
 *
 * @param logEndOffsets sum over partitions of the log-end offset: every record ever produced
 * @param logStartOffsets sum over partitions of the log-start offset: records retention has deleted
 * @param storedRecords sum over partitions of log-end minus log-start offset: the records still
 *     stored
 * @param storedBytes size of the leader replicas' logs: one copy of what is stored
 * @param committedOffsets per consumer group of the topic, the sum of its committed offsets
 */
public record UsageSample(
    Instant time,
    long logEndOffsets,
    long logStartOffsets,
    long storedRecords,
    long storedBytes,
    Map<String, Long> committedOffsets) {
  /** Bytes per stored record, Kafka's framing included; 0 while nothing is stored. */
  public double bytesPerRecord() {
    return storedRecords <= 0 ? 0 : (double) storedBytes / storedRecords;
  }
}
