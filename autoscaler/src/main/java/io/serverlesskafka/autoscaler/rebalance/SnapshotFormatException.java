package io.serverlesskafka.autoscaler.rebalance;

/**
 * A cluster snapshot that does not follow docs/rebalancer.md ("File formats"). The message starts
 * with the path of the offending field (for example {@code partitions[3].replicas: broker 9 is not
 * in brokers}) so a user can fix the file.
 */
public final class SnapshotFormatException extends Exception {
  private final String field;

  public SnapshotFormatException(String field, String problem) {
    super(field.isEmpty() ? problem : field + ": " + problem);
    this.field = field;
  }

  /** Path of the offending field, e.g. {@code partitions[3].replicas}; empty for the whole file. */
  public String field() {
    return field;
  }
}
