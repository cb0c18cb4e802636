package io.serverlesskafka.autoscaler.simulation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trace in the format {@link TraceReader} reads (benchmarks publish the traces they
 * generate).
 */
public final class TraceWriter {
  public void write(Trace trace, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(TraceReader.HEADER);
      out.write('\n');
      for (TracePoint point : trace.points()) {
        out.write(
            point.timeSeconds()
                + ","
                + Math.round(point.ingressBytesPerSec())
                + ","
                + Math.round(point.egressBytesPerSec())
                + "\n");
      }
    }
  }
}
