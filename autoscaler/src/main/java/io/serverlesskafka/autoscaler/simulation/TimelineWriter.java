package io.serverlesskafka.autoscaler.simulation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the simulation timeline CSV exactly as documented (the columns are part of the product).
 */
public final class TimelineWriter {
  public static final String HEADER =
      "time_s,ingress_bytes_per_sec,egress_bytes_per_sec,desired_brokers,ready_brokers,action";

  public void write(List<TimelineRow> rows, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(rows, out);
    }
  }

  public void write(List<TimelineRow> rows, Writer out) throws IOException {
    out.write(HEADER);
    out.write('\n');
    for (TimelineRow row : rows) {
      out.write(
          row.timeSeconds()
              + ","
              + number(row.ingressBytesPerSec())
              + ","
              + number(row.egressBytesPerSec())
              + ","
              + row.desiredBrokers()
              + ","
              + row.readyBrokers()
              + ","
              + row.action()
              + "\n");
    }
  }

  /** Whole numbers as integers (as traces are usually written), fractions as they are. */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
