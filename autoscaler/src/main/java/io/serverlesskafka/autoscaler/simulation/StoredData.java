package io.serverlesskafka.autoscaler.simulation;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The bytes a simulated cluster holds: the ingress of the last {@code retentionSeconds}, sample by
 * sample (each sample's ingress × step). Retention deletes whole samples as they age out, as Kafka
 * deletes whole segments.
 */
final class StoredData {
  private record Written(long time, double bytes) {}

  private final long retentionSeconds;
  private final Deque<Written> written = new ArrayDeque<>();
  private double total;

  StoredData(long retentionSeconds) {
    this.retentionSeconds = retentionSeconds;
  }

  /** Adds what was written during one sample at {@code time} and drops what aged out. */
  void write(long time, double ingressBytesPerSec, long stepSeconds) {
    if (retentionSeconds == 0) {
      return;
    }
    double bytes = ingressBytesPerSec * stepSeconds;
    written.addLast(new Written(time, bytes));
    total += bytes;
    while (!written.isEmpty() && written.peekFirst().time() <= time - retentionSeconds) {
      total -= written.removeFirst().bytes();
    }
  }

  double bytes() {
    return Math.max(0, total);
  }
}
