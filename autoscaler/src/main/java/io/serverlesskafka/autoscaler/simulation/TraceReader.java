package io.serverlesskafka.autoscaler.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a traffic trace CSV ({@code time_s,ingress_bytes_per_sec,egress_bytes_per_sec}) and rejects
 * anything off-format with the line number and the field: a replay of a wrong trace would answer
 * "what would the operator do?" about traffic that never happened.
 */
public final class TraceReader {
  public static final String HEADER = "time_s,ingress_bytes_per_sec,egress_bytes_per_sec";
  private static final String[] FIELDS = HEADER.split(",");

  public Trace read(Path file) throws IOException, TraceFormatException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, file.toString());
    }
  }

  public Trace read(Reader input, String source) throws IOException, TraceFormatException {
    BufferedReader reader = new BufferedReader(input);
    String header = reader.readLine();
    if (header == null) {
      throw new TraceFormatException(source, 1, "empty file, expected the header '" + HEADER + "'");
    }
    header = header.replace("\uFEFF", "").strip();
    if (!header.equals(HEADER)) {
      throw new TraceFormatException(
          source, 1, "header is '" + header + "', expected '" + HEADER + "'");
    }
    List<TracePoint> points = new ArrayList<>();
    long step = 0;
    int lineNumber = 1;
    int blankSince = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        blankSince = blankSince == 0 ? lineNumber : blankSince;
        continue;
      }
      if (blankSince != 0) {
        throw new TraceFormatException(source, blankSince, "empty line inside the trace");
      }
      TracePoint point = parseRow(line, lineNumber, source);
      if (points.isEmpty()) {
        if (point.timeSeconds() != 0) {
          throw new TraceFormatException(
              source,
              lineNumber,
              "time_s of the first sample must be 0, was " + point.timeSeconds());
        }
      } else {
        long previous = points.get(points.size() - 1).timeSeconds();
        long delta = point.timeSeconds() - previous;
        if (delta <= 0) {
          throw new TraceFormatException(
              source,
              lineNumber,
              "time_s " + point.timeSeconds() + " does not increase (previous " + previous + ")");
        }
        if (step == 0) {
          step = delta;
        } else if (delta != step) {
          throw new TraceFormatException(
              source,
              lineNumber,
              "time_s "
                  + point.timeSeconds()
                  + " breaks the even spacing of "
                  + step
                  + " s (previous "
                  + previous
                  + ")");
        }
      }
      points.add(point);
    }
    if (points.size() < 2) {
      throw new TraceFormatException(
          source,
          lineNumber + 1,
          "a trace needs at least two samples (the spacing between them is the simulation step)");
    }
    return new Trace(points, step);
  }

  private static TracePoint parseRow(String line, int lineNumber, String source)
      throws TraceFormatException {
    String[] cells = line.split(",", -1);
    if (cells.length != FIELDS.length) {
      throw new TraceFormatException(
          source,
          lineNumber,
          "expected " + FIELDS.length + " fields (" + HEADER + "), found " + cells.length);
    }
    long time;
    try {
      time = Long.parseLong(cells[0].strip());
    } catch (NumberFormatException e) {
      throw new TraceFormatException(
          source, lineNumber, "time_s '" + cells[0].strip() + "' is not a whole number of seconds");
    }
    if (time < 0) {
      throw new TraceFormatException(
          source, lineNumber, "time_s must not be negative, was " + time);
    }
    double ingress = parseRate(cells[1], FIELDS[1], lineNumber, source);
    double egress = parseRate(cells[2], FIELDS[2], lineNumber, source);
    return new TracePoint(time, ingress, egress);
  }

  private static double parseRate(String cell, String field, int lineNumber, String source)
      throws TraceFormatException {
    String text = cell.strip();
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new TraceFormatException(source, lineNumber, field + " '" + text + "' is not a number");
    }
    if (!Double.isFinite(value)
        || value < 0
        || text.endsWith("d")
        || text.endsWith("f")
        || text.endsWith("D")
        || text.endsWith("F")) {
      throw new TraceFormatException(
          source, lineNumber, field + " must be a finite number >= 0, was '" + text + "'");
    }
    return value;
  }
}
