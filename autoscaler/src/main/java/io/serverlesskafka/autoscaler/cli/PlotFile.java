package io.serverlesskafka.autoscaler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code --plot} file of {@code simulate} and {@code plan}. Checked before any work is done, so
 * that a typo in the path costs no run and leaves no half-written output: the commands then print
 * why and exit with 2.
 */
final class PlotFile {
  private PlotFile() {}

  /** Why {@code plot} cannot be written, or {@code null} when it can. */
  static String problem(Path plot) {
    if (!plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
      return "--plot: " + plot + ": the picture is SVG, the file name must end in .svg";
    }
    if (Files.isDirectory(plot)) {
      return "--plot: " + plot + " is a directory";
    }
    Path parent = plot.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return "--plot: directory " + parent + " does not exist";
    }
    if (!Files.isWritable(parent) || (Files.exists(plot) && !Files.isWritable(plot))) {
      return "--plot: " + plot + " is not writable";
    }
    return null;
  }

  static void write(Path plot, String svg) throws IOException {
    Files.writeString(plot, svg);
  }
}
