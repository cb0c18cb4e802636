package io.serverlesskafka.autoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * {@code simulate --plot} and {@code plan --plot}: the pictures are well-formed SVG holding every
 * series.
 */
class PlotTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new Cli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /**
   * 30 MiB/s, a jump to 300 MiB/s from 10 to 30 minutes, then 30 again: three brokers cannot carry
   * the jump.
   */
  private Path spikeTrace(int samples, int stepSeconds) throws Exception {
    StringBuilder trace = new StringBuilder("time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n");
    for (int i = 0; i < samples; i++) {
      long t = (long) i * stepSeconds;
      long ingress = (t % 3600 >= 600 && t % 3600 < 1800 ? 300L : 30L) * 1024 * 1024;
      trace.append(t).append(',').append(ingress).append(',').append(2 * ingress).append('\n');
    }
    Path file = dir.resolve("trace & spike.csv"); // a name that must be escaped in the SVG title
    Files.writeString(file, trace);
    return file;
  }

  private static Document parse(Path svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(svg.toFile());
    assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
    return document;
  }

  private static Element group(Document svg, String id) {
    NodeList groups = svg.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("id").equals(id)) {
        return g;
      }
    }
    throw new AssertionError("no series " + id + " in the picture");
  }

  private static List<double[]> points(Element group) {
    String points =
        ((Element) group.getElementsByTagName("polyline").item(0)).getAttribute("points");
    List<double[]> result = new ArrayList<>();
    for (String pair : points.trim().split(" ")) {
      String[] xy = pair.split(",");
      result.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
    }
    return result;
  }

  @Test
  void simulateDrawsLoadCapacityBrokersAndTheSaturatedSpan() throws Exception {
    Path plot = dir.resolve("timeline.svg");

    int exit =
        run(
            "simulate",
            "--trace",
            spikeTrace(120, 30).toString(),
            "--output",
            dir.resolve("t.csv").toString(),
            "--plot",
            plot.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("picture written to " + plot);
    Document svg = parse(plot);
    for (String series :
        List.of(
            "load-ingress",
            "load-egress",
            "capacity-ingress",
            "capacity-egress",
            "brokers-requested",
            "brokers-ready")) {
      assertThat(points(group(svg, series))).as(series).hasSizeGreaterThanOrEqualTo(2);
    }
    // 3 brokers, then 10 requested at 600 s: the requested line steps up once and back down.
    assertThat(
            points(group(svg, "brokers-requested")).stream()
                .mapToDouble(p -> p[1])
                .distinct()
                .count())
        .isGreaterThanOrEqualTo(2);
    // The 120 s before the new brokers are ready is one saturated span, and the only one.
    assertThat(group(svg, "saturated").getElementsByTagName("rect").getLength()).isEqualTo(1);
    assertThat(Files.readString(plot)).contains("trace &amp; spike.csv");
  }

  @Test
  void aDayOfTenSecondSamplesStaysASmallPicture() throws Exception {
    Path plot = dir.resolve("day.svg");

    int exit =
        run(
            "simulate",
            "--trace",
            spikeTrace(8640, 10).toString(),
            "--output",
            dir.resolve("t.csv").toString(),
            "--plot",
            plot.toString());

    assertThat(exit).as(err.toString()).isZero();
    Document svg = parse(plot);
    assertThat(points(group(svg, "load-ingress")).size()).isLessThanOrEqualTo(2 * 960);
    // The hourly spike saturates at least the first time (later ones find brokers kept by the dip
    // memory).
    assertThat(group(svg, "saturated").getElementsByTagName("rect").getLength()).isPositive();
    // The loads go up and down 24 times: the thinned line keeps every spike's top.
    double top =
        points(group(svg, "load-ingress")).stream().mapToDouble(p -> p[1]).min().orElseThrow();
    assertThat(points(group(svg, "load-ingress")).stream().filter(p -> p[1] == top).count())
        .isGreaterThanOrEqualTo(24);
    assertThat(Files.size(plot)).isLessThan(200_000);
  }

  @Test
  void planDrawsEachBrokerBeforeAndAfterWithTargetAndBound() throws Exception {
    Path plot = dir.resolve("plan.svg");
    Path snapshot =
        Path.of(System.getProperty("project.root", ".."), "docs", "examples", "snapshot.json");

    int exit =
        run(
            "plan",
            "--input",
            snapshot.toString(),
            "--output",
            dir.resolve("plan.json").toString(),
            "--plot",
            plot.toString());

    assertThat(exit).as(err.toString()).isZero();
    Document svg = parse(plot);
    int brokers = group(svg, "before-ingress").getElementsByTagName("rect").getLength();
    assertThat(brokers).isPositive();
    for (String resource : List.of("ingress", "egress", "disk", "replicas", "leaders")) {
      assertThat(group(svg, "before-" + resource).getElementsByTagName("rect").getLength())
          .isEqualTo(brokers);
      assertThat(group(svg, "after-" + resource).getElementsByTagName("rect").getLength())
          .isEqualTo(brokers);
      assertThat(group(svg, "target-" + resource).getElementsByTagName("line").getLength())
          .isEqualTo(1);
      assertThat(group(svg, "bound-" + resource).getElementsByTagName("line").getLength())
          .isEqualTo(1);
    }
    // The plan meets its ingress target: no blue bar's top is above (smaller y than) the red line.
    double target =
        Double.parseDouble(
            ((Element) group(svg, "target-ingress").getElementsByTagName("line").item(0))
                .getAttribute("y1"));
    NodeList after = group(svg, "after-ingress").getElementsByTagName("rect");
    for (int i = 0; i < after.getLength(); i++) {
      assertThat(Double.parseDouble(((Element) after.item(i)).getAttribute("y")))
          .isGreaterThanOrEqualTo(target - 0.1);
    }
  }

  @Test
  void aPlotInAMissingDirectoryExitsWithTwoBeforeAnythingIsWritten() throws Exception {
    Path timeline = dir.resolve("t.csv");
    int exit =
        run(
            "simulate",
            "--trace",
            spikeTrace(10, 30).toString(),
            "--output",
            timeline.toString(),
            "--plot",
            dir.resolve("no/such/dir/timeline.svg").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--plot: directory").contains("does not exist");
    assertThat(timeline).doesNotExist();
  }

  @Test
  void aPlotThatIsNotSvgOrIsADirectoryExitsWithTwo() throws Exception {
    Path snapshot =
        Path.of(System.getProperty("project.root", ".."), "docs", "examples", "snapshot.json");
    Path output = dir.resolve("plan.json");

    assertThat(
            run(
                "plan",
                "--input",
                snapshot.toString(),
                "--output",
                output.toString(),
                "--plot",
                dir.resolve("plan.png").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--plot").contains("must end in .svg");

    Files.createDirectory(dir.resolve("pictures.svg"));
    assertThat(
            run(
                "plan",
                "--input",
                snapshot.toString(),
                "--output",
                output.toString(),
                "--plot",
                dir.resolve("pictures.svg").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("is a directory");
    assertThat(output).doesNotExist();
  }
}
