package io.serverlesskafka.autoscaler.simulation;

/**
 * A trace file that does not follow the format; the message names the file, the line and the field.
 */
public final class TraceFormatException extends Exception {
  private final int line;

  public TraceFormatException(String source, int line, String problem) {
    super(source + " line " + line + ": " + problem);
    this.line = line;
  }

  /** 1-based line number in the file (the header is line 1). */
  public int line() {
    return line;
  }
}
