package io.serverlesskafka.autoscaler.plot;

import io.serverlesskafka.autoscaler.simulation.TimelineRow;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The picture of a simulation ({@code skafka simulate --plot}): on top the load (ingress and
 * egress, MiB/s) against the capacity of the brokers that were ready; below, the brokers requested
 * and ready; red bands where the load exceeded the ready capacity (saturated). One look tells
 * whether scale-ups came in time and how long capacity sat idle.
 */
public final class TimelinePlot {
  static final String INGRESS_COLOR = "#1f77b4";
  static final String EGRESS_COLOR = "#ff7f0e";
  static final String REQUESTED_COLOR = "#7b3294";
  static final String READY_COLOR = "#008837";
  static final String SATURATED_COLOR = "#d62728";

  private static final int WIDTH = 960;
  private static final int HEIGHT = 560;
  private static final int LEFT = 70;
  private static final int RIGHT = WIDTH - 20;
  private static final int LOAD_TOP = 60;
  private static final int LOAD_BOTTOM = 310;
  private static final int BROKERS_TOP = 345;
  private static final int BROKERS_BOTTOM = 500;
  private static final double MIB = 1024.0 * 1024.0;

  private final double ingressPerBroker;
  private final double egressPerBroker;

  /** Capacities of one broker in bytes/s, as in {@code AutoscalerSettings.capacity()}. */
  public TimelinePlot(double ingressBytesPerSecPerBroker, double egressBytesPerSecPerBroker) {
    this.ingressPerBroker = ingressBytesPerSecPerBroker;
    this.egressPerBroker = egressBytesPerSecPerBroker;
  }

  public String render(List<TimelineRow> rows, String title) {
    Svg svg = new Svg(WIDTH, HEIGHT);
    svg.text(LEFT, 22, title, "font-size=\"15\" font-weight=\"bold\"");
    if (rows.isEmpty()) {
      svg.text(LEFT, LOAD_TOP + 20, "empty trace: nothing to plot", "");
      return svg.finish();
    }
    long start = rows.get(0).timeSeconds();
    long end =
        rows.size() > 1 ? rows.get(rows.size() - 1).timeSeconds() + lastStep(rows) : start + 1;
    double[] x = new double[rows.size() + 1];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = LEFT + (double) (rows.get(i).timeSeconds() - start) / (end - start) * (RIGHT - LEFT);
    }
    x[rows.size()] = RIGHT;

    double loadTop =
        Axis.niceMax(
            max(
                rows,
                r ->
                    Math.max(
                            Math.max(r.ingressBytesPerSec(), r.egressBytesPerSec()),
                            r.readyBrokers() * Math.max(ingressPerBroker, egressPerBroker))
                        / MIB));
    double brokersTop =
        Axis.niceMax(max(rows, r -> Math.max(r.desiredBrokers(), r.readyBrokers()) + 1));

    saturatedSpans(svg, rows, x);
    valueAxis(svg, LOAD_TOP, LOAD_BOTTOM, loadTop, "MiB/s");
    valueAxis(svg, BROKERS_TOP, BROKERS_BOTTOM, brokersTop, "brokers");
    timeAxis(svg, start, end);

    svg.group(
        "capacity-ingress",
        "stroke=\"" + INGRESS_COLOR + "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"");
    steps(
        svg,
        rows,
        x,
        r -> r.readyBrokers() * ingressPerBroker / MIB,
        loadTop,
        LOAD_TOP,
        LOAD_BOTTOM);
    svg.end();
    svg.group(
        "capacity-egress",
        "stroke=\"" + EGRESS_COLOR + "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"");
    steps(
        svg,
        rows,
        x,
        r -> r.readyBrokers() * egressPerBroker / MIB,
        loadTop,
        LOAD_TOP,
        LOAD_BOTTOM);
    svg.end();
    svg.group("load-ingress", "stroke=\"" + INGRESS_COLOR + "\" stroke-width=\"1.5\"");
    curve(svg, rows, x, r -> r.ingressBytesPerSec() / MIB, loadTop, LOAD_TOP, LOAD_BOTTOM);
    svg.end();
    svg.group("load-egress", "stroke=\"" + EGRESS_COLOR + "\" stroke-width=\"1.5\"");
    curve(svg, rows, x, r -> r.egressBytesPerSec() / MIB, loadTop, LOAD_TOP, LOAD_BOTTOM);
    svg.end();
    svg.group("brokers-requested", "stroke=\"" + REQUESTED_COLOR + "\" stroke-width=\"2\"");
    steps(svg, rows, x, TimelineRow::desiredBrokers, brokersTop, BROKERS_TOP, BROKERS_BOTTOM);
    svg.end();
    svg.group(
        "brokers-ready",
        "stroke=\"" + READY_COLOR + "\" stroke-width=\"2\" stroke-dasharray=\"4 2\"");
    steps(svg, rows, x, TimelineRow::readyBrokers, brokersTop, BROKERS_TOP, BROKERS_BOTTOM);
    svg.end();

    legend(svg);
    return svg.finish();
  }

  private static long lastStep(List<TimelineRow> rows) {
    return Math.max(
        1, rows.get(rows.size() - 1).timeSeconds() - rows.get(rows.size() - 2).timeSeconds());
  }

  private static double max(List<TimelineRow> rows, ToDoubleFunction<TimelineRow> value) {
    double max = 0;
    for (TimelineRow row : rows) {
      max = Math.max(max, value.applyAsDouble(row));
    }
    return max;
  }

  private static double y(double value, double top, int panelTop, int panelBottom) {
    return panelBottom - Math.min(value, top) / top * (panelBottom - panelTop);
  }

  /** One red band per run of saturated samples, across both panels. */
  private static void saturatedSpans(Svg svg, List<TimelineRow> rows, double[] x) {
    svg.group("saturated", "fill=\"" + SATURATED_COLOR + "\" fill-opacity=\"0.18\"");
    int i = 0;
    while (i < rows.size()) {
      if (!rows.get(i).saturated()) {
        i++;
        continue;
      }
      int from = i;
      while (i < rows.size() && rows.get(i).saturated()) {
        i++;
      }
      double width = Math.max(1, x[i] - x[from]);
      svg.rect(x[from], LOAD_TOP, width, BROKERS_BOTTOM - LOAD_TOP, "");
    }
    svg.end();
  }

  /**
   * A line through the samples. Beyond two samples per pixel column, each column keeps only its
   * lowest and highest value, so that a week of 10-second samples stays a small file and no spike
   * disappears.
   */
  private static void curve(
      Svg svg,
      List<TimelineRow> rows,
      double[] x,
      ToDoubleFunction<TimelineRow> value,
      double top,
      int panelTop,
      int panelBottom) {
    double[] points = new double[4 * rows.size()];
    int n = 0;
    if (rows.size() <= 2 * (RIGHT - LEFT)) {
      for (int i = 0; i < rows.size(); i++) {
        points[n++] = x[i];
        points[n++] = y(value.applyAsDouble(rows.get(i)), top, panelTop, panelBottom);
      }
    } else {
      int i = 0;
      while (i < rows.size()) {
        int column = (int) x[i];
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        int lowAt = i;
        int highAt = i;
        for (; i < rows.size() && (int) x[i] == column; i++) {
          double v = value.applyAsDouble(rows.get(i));
          if (v < low) {
            low = v;
            lowAt = i;
          }
          if (v > high) {
            high = v;
            highAt = i;
          }
        }
        double first = lowAt <= highAt ? low : high;
        double second = lowAt <= highAt ? high : low;
        points[n++] = column;
        points[n++] = y(first, top, panelTop, panelBottom);
        points[n++] = column + 0.5;
        points[n++] = y(second, top, panelTop, panelBottom);
      }
    }
    svg.polyline(points, n, "");
  }

  /** A step line: a value holds until the next sample; only the changes are written. */
  private static void steps(
      Svg svg,
      List<TimelineRow> rows,
      double[] x,
      ToDoubleFunction<TimelineRow> value,
      double top,
      int panelTop,
      int panelBottom) {
    double[] points = new double[4 * rows.size() + 4];
    int n = 0;
    double previous = value.applyAsDouble(rows.get(0));
    points[n++] = x[0];
    points[n++] = y(previous, top, panelTop, panelBottom);
    for (int i = 1; i < rows.size(); i++) {
      double v = value.applyAsDouble(rows.get(i));
      if (v != previous) {
        points[n++] = x[i];
        points[n++] = y(previous, top, panelTop, panelBottom);
        points[n++] = x[i];
        points[n++] = y(v, top, panelTop, panelBottom);
        previous = v;
      }
    }
    points[n++] = x[rows.size()];
    points[n++] = y(previous, top, panelTop, panelBottom);
    svg.polyline(points, n, "");
  }

  private static void valueAxis(Svg svg, int panelTop, int panelBottom, double top, String unit) {
    svg.group("axis-" + unit.replace('/', '-'), "stroke=\"#ccc\"");
    for (double tick : Axis.valueTicks(top)) {
      double y = y(tick, top, panelTop, panelBottom);
      svg.line(LEFT, y, RIGHT, y, "");
      svg.text(
          LEFT - 6, y + 4, Axis.value(tick), "text-anchor=\"end\" stroke=\"none\" fill=\"#333\"");
    }
    svg.text(
        14,
        (panelTop + panelBottom) / 2.0,
        unit,
        "text-anchor=\"middle\" stroke=\"none\" fill=\"#333\" transform=\"rotate(-90 14 "
            + Svg.n((panelTop + panelBottom) / 2.0)
            + ")\"");
    svg.end();
  }

  private static void timeAxis(Svg svg, long start, long end) {
    svg.group("axis-time", "stroke=\"#ccc\"");
    for (long t : Axis.timeTicks(start, end)) {
      double x = LEFT + (double) (t - start) / (end - start) * (RIGHT - LEFT);
      svg.line(x, LOAD_TOP, x, LOAD_BOTTOM, "stroke-dasharray=\"2 3\"");
      svg.line(x, BROKERS_TOP, x, BROKERS_BOTTOM, "stroke-dasharray=\"2 3\"");
      svg.text(
          x,
          BROKERS_BOTTOM + 16,
          Axis.time(t),
          "text-anchor=\"middle\" stroke=\"none\" fill=\"#333\"");
    }
    svg.text(
        (LEFT + RIGHT) / 2.0,
        BROKERS_BOTTOM + 36,
        "time since the trace's start",
        "text-anchor=\"middle\" stroke=\"none\" fill=\"#333\"");
    svg.end();
  }

  private static void legend(Svg svg) {
    svg.group("legend", "");
    String[][] entries = {
      {INGRESS_COLOR, "", "ingress load"},
      {INGRESS_COLOR, "6 3", "ingress capacity of ready brokers"},
      {EGRESS_COLOR, "", "egress load"},
      {EGRESS_COLOR, "6 3", "egress capacity of ready brokers"},
    };
    double x = LEFT;
    for (String[] entry : entries) {
      x = legendLine(svg, x, 44, entry[0], entry[1], entry[2]);
    }
    x = LEFT;
    x = legendLine(svg, x, BROKERS_TOP - 10, REQUESTED_COLOR, "", "brokers requested");
    x = legendLine(svg, x, BROKERS_TOP - 10, READY_COLOR, "4 2", "brokers ready");
    svg.rect(x, BROKERS_TOP - 19, 22, 12, "fill=\"" + SATURATED_COLOR + "\" fill-opacity=\"0.18\"");
    svg.text(x + 28, BROKERS_TOP - 9, "saturated (load above ready capacity)", "");
    svg.end();
  }

  private static double legendLine(
      Svg svg, double x, double y, String color, String dash, String label) {
    svg.line(
        x,
        y - 4,
        x + 22,
        y - 4,
        "stroke=\""
            + color
            + "\" stroke-width=\"2\""
            + (dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
    svg.text(x + 28, y, label, "");
    return x + 28 + 7 * label.length() + 18;
  }
}
