package io.serverlesskafka.autoscaler.plot;

import io.serverlesskafka.autoscaler.rebalance.BalancedResource;
import io.serverlesskafka.autoscaler.rebalance.BrokerLoad;
import io.serverlesskafka.autoscaler.rebalance.RebalanceResult;
import io.serverlesskafka.autoscaler.rebalance.ResourceImbalance;
import java.util.List;
import java.util.Locale;

/**
 * The picture of a plan ({@code skafka plan --plot}): one panel per balanced resource, each
 * broker's load before (grey) and after (blue), the target the planner aims under (max allowed =
 * mean × max imbalance, or the hottest partition) and the bound no placement can beat. A broker
 * whose blue bar ends under the red line is fine; a grey bar above it is what the plan fixes; a
 * broker being removed shows no blue bar and a red id.
 */
public final class PlanPlot {
  static final String BEFORE_COLOR = "#bdbdbd";
  static final String AFTER_COLOR = "#1f77b4";
  static final String TARGET_COLOR = "#d62728";
  static final String BOUND_COLOR = "#333333";

  private static final int WIDTH = 960;
  private static final int LEFT = 70;
  private static final int RIGHT = WIDTH - 150;
  private static final int TOP = 80;
  private static final int PANEL = 120;
  private static final int GAP = 42;
  private static final double MIB = 1024.0 * 1024.0;
  private static final double GIB = MIB * 1024.0;

  public String render(RebalanceResult result, String title) {
    List<BrokerLoad> before = BrokerLoad.of(result.before());
    List<BrokerLoad> after = BrokerLoad.of(result.after());
    List<ResourceImbalance> limits = ResourceImbalance.measure(result.after(), result.settings());
    BalancedResource[] resources = BalancedResource.values();
    int height = TOP + resources.length * (PANEL + GAP) + 10;
    Svg svg = new Svg(WIDTH, height);
    svg.text(LEFT, 22, title, "font-size=\"15\" font-weight=\"bold\"");
    legend(svg);
    for (int i = 0; i < resources.length; i++) {
      panel(svg, TOP + i * (PANEL + GAP), resources[i], before, after, limits.get(i), result);
    }
    return svg.finish();
  }

  private static void panel(
      Svg svg,
      int top,
      BalancedResource resource,
      List<BrokerLoad> before,
      List<BrokerLoad> after,
      ResourceImbalance limit,
      RebalanceResult result) {
    double unit = unit(resource);
    double max = Math.max(limit.upperLimit(), limit.lowerBound());
    for (int b = 0; b < before.size(); b++) {
      max = Math.max(max, Math.max(before.get(b).get(resource), after.get(b).get(resource)));
    }
    double axisTop = Axis.niceMax(max / unit);
    int bottom = top + PANEL;
    String name = resource.label();
    svg.group("panel-" + name, "");
    svg.text(LEFT, top - 8, name + " (" + unitName(resource) + ")", "font-weight=\"bold\"");
    svg.group("axis-" + name, "stroke=\"#ccc\"");
    for (double tick : Axis.valueTicks(axisTop)) {
      double y = bottom - tick / axisTop * PANEL;
      svg.line(LEFT, y, RIGHT, y, "");
      svg.text(
          LEFT - 6, y + 4, Axis.value(tick), "text-anchor=\"end\" stroke=\"none\" fill=\"#333\"");
    }
    svg.end();

    int brokers = before.size();
    double slot = (double) (RIGHT - LEFT) / Math.max(1, brokers);
    double bar = Math.max(0.5, slot * 0.38);
    int labelEvery = (int) Math.ceil(brokers / 40.0);
    svg.group("before-" + name, "fill=\"" + BEFORE_COLOR + "\"");
    for (int b = 0; b < brokers; b++) {
      double h = before.get(b).get(resource) / unit / axisTop * PANEL;
      svg.rect(LEFT + b * slot + slot * 0.1, bottom - h, bar, h, "");
    }
    svg.end();
    svg.group("after-" + name, "fill=\"" + AFTER_COLOR + "\"");
    for (int b = 0; b < brokers; b++) {
      double h = after.get(b).get(resource) / unit / axisTop * PANEL;
      svg.rect(LEFT + b * slot + slot * 0.1 + bar, bottom - h, bar, h, "");
    }
    svg.end();
    svg.group("brokers-" + name, "font-size=\"10\" text-anchor=\"middle\"");
    svg.text(LEFT - 6, bottom + 12, "broker", "text-anchor=\"end\"");
    for (int b = 0; b < brokers; b += labelEvery) {
      int id = before.get(b).brokerId();
      boolean removed = result.settings().removeBrokers().contains(id);
      svg.text(
          LEFT + (b + 0.5) * slot,
          bottom + 12,
          Integer.toString(id),
          removed ? "fill=\"" + TARGET_COLOR + "\"" : "");
    }
    svg.end();

    double targetY = bottom - limit.upperLimit() / unit / axisTop * PANEL;
    svg.group(
        "target-" + name,
        "stroke=\"" + TARGET_COLOR + "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"");
    svg.line(LEFT, targetY, RIGHT, targetY, "");
    svg.text(
        RIGHT + 6,
        targetY + 4,
        "target " + amount(limit.upperLimit() / unit),
        "stroke=\"none\" fill=\"" + TARGET_COLOR + "\"");
    svg.end();
    double boundY = bottom - limit.lowerBound() / unit / axisTop * PANEL;
    String reason = limit.boundReason().isEmpty() ? "mean" : limit.boundReason();
    svg.group(
        "bound-" + name,
        "stroke=\"" + BOUND_COLOR + "\" stroke-width=\"1\" stroke-dasharray=\"2 2\"");
    svg.line(LEFT, boundY, RIGHT, boundY, "");
    // Labels of lines closer than a text line apart would overlap: the bound's goes below the
    // target's then.
    double labelY = Math.abs(boundY - targetY) < 12 ? targetY + 16 : boundY + 4;
    svg.text(
        RIGHT + 6,
        labelY,
        "bound " + amount(limit.lowerBound() / unit) + " (" + reason + ")",
        "stroke=\"none\" fill=\"" + BOUND_COLOR + "\"");
    svg.end();
    svg.end();
  }

  private static void legend(Svg svg) {
    svg.group("legend", "");
    double x = LEFT;
    svg.rect(x, 33, 14, 12, "fill=\"" + BEFORE_COLOR + "\"");
    svg.text(x + 20, 44, "before", "");
    x += 80;
    svg.rect(x, 33, 14, 12, "fill=\"" + AFTER_COLOR + "\"");
    svg.text(x + 20, 44, "after", "");
    x += 70;
    svg.line(
        x,
        40,
        x + 22,
        40,
        "stroke=\"" + TARGET_COLOR + "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"");
    svg.text(x + 28, 44, "target: the most a broker should carry", "");
    x += 290;
    svg.line(x, 40, x + 22, 40, "stroke=\"" + BOUND_COLOR + "\" stroke-dasharray=\"2 2\"");
    svg.text(x + 28, 44, "bound: no placement does better", "");
    svg.end();
  }

  private static double unit(BalancedResource resource) {
    return switch (resource) {
      case INGRESS, EGRESS -> MIB;
      case DISK -> GIB;
      case REPLICAS, LEADERS -> 1;
    };
  }

  private static String unitName(BalancedResource resource) {
    return switch (resource) {
      case INGRESS, EGRESS -> "MiB/s per broker";
      case DISK -> "GiB per broker";
      case REPLICAS -> "partition replicas per broker";
      case LEADERS -> "partition leaders per broker";
    };
  }

  private static String amount(double value) {
    return value >= 100 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
