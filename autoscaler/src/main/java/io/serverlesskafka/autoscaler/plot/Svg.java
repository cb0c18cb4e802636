package io.serverlesskafka.autoscaler.plot;

import java.util.Locale;

/**
 * A small SVG writer: the few shapes our plots need, coordinates rounded to a tenth of a pixel and
 * every text escaped, so that the output is well-formed XML whatever the trace or snapshot is
 * called. Hand-written rather than a charting library so that the autoscaler module keeps its short
 * dependency list.
 */
final class Svg {
  private final StringBuilder out = new StringBuilder();

  Svg(int width, int height) {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
  }

  /**
   * Opens a group; {@code id} names the series so that tests and readers of the file can find it.
   */
  Svg group(String id, String attributes) {
    out.append("<g id=\"").append(escape(id)).append('"');
    if (!attributes.isEmpty()) {
      out.append(' ').append(attributes);
    }
    out.append(">\n");
    return this;
  }

  Svg end() {
    out.append("</g>\n");
    return this;
  }

  Svg line(double x1, double y1, double x2, double y2, String attributes) {
    out.append("<line x1=\"")
        .append(n(x1))
        .append("\" y1=\"")
        .append(n(y1))
        .append("\" x2=\"")
        .append(n(x2))
        .append("\" y2=\"")
        .append(n(y2))
        .append("\" ")
        .append(attributes)
        .append("/>\n");
    return this;
  }

  Svg rect(double x, double y, double width, double height, String attributes) {
    out.append("<rect x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" width=\"")
        .append(n(Math.max(0, width)))
        .append("\" height=\"")
        .append(n(Math.max(0, height)))
        .append("\" ")
        .append(attributes)
        .append("/>\n");
    return this;
  }

  /** A polyline through {@code xy} = x0, y0, x1, y1, ... */
  Svg polyline(double[] xy, int length, String attributes) {
    out.append("<polyline fill=\"none\" ").append(attributes).append(" points=\"");
    for (int i = 0; i + 1 < length; i += 2) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(n(xy[i])).append(',').append(n(xy[i + 1]));
    }
    out.append("\"/>\n");
    return this;
  }

  Svg text(double x, double y, String text, String attributes) {
    out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"');
    if (!attributes.isEmpty()) {
      out.append(' ').append(attributes);
    }
    out.append('>').append(escape(text)).append("</text>\n");
    return this;
  }

  String finish() {
    return out.append("</svg>\n").toString();
  }

  static String n(double value) {
    double rounded = Math.round(value * 10) / 10.0;
    return rounded == Math.rint(rounded)
        ? Long.toString((long) rounded)
        : String.format(Locale.ROOT, "%.1f", rounded);
  }

  static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&apos;");
        default -> {
          // XML 1.0 forbids most control characters even escaped; a file name never needs them.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            s.append(c);
          }
        }
      }
    }
    return s.toString();
  }
}
