package io.serverlesskafka.benchmarks.faults;

import java.util.List;

/**
 * One case of the fault suite: records acknowledged to the producer, read back, lost (acknowledged,
 * never read), duplicated (read more than once), and the time from the fault until the cluster had
 * settled again.
 */
record FaultResult(
    String name,
    long acknowledged,
    long readBack,
    long lost,
    long duplicated,
    double recoverySeconds,
    String notes) {
  boolean passed() {
    return lost == 0 && duplicated == 0 && notes.startsWith("ok");
  }

  static String table(List<FaultResult> results) {
    StringBuilder out = new StringBuilder();
    out.append("| case | acknowledged | read back | lost | duplicated | recovery (s) | notes |\n");
    out.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (FaultResult r : results) {
      out.append(
          String.format(
              "| %s | %d | %d | %d | %d | %.1f | %s |%n",
              r.name,
              r.acknowledged,
              r.readBack,
              r.lost,
              r.duplicated,
              r.recoverySeconds,
              r.notes));
    }
    return out.toString();
  }
}
