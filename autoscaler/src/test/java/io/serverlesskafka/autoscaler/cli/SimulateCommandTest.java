package io.serverlesskafka.autoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new Cli());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void badTraceExitsWithTwoAndNamesTheLine() throws Exception {
    Path trace =
        write("trace.csv", "time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n0,1,2\n10,1,x\n");

    int exit =
        run("simulate", "--trace", trace.toString(), "--output", dir.resolve("t.csv").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("line 3")
        .contains("egress_bytes_per_sec 'x' is not a number");
    assertThat(dir.resolve("t.csv")).doesNotExist();
  }

  @Test
  void targetPolicyWritesTimelineAndPrintsSummary() throws Exception {
    StringBuilder trace = new StringBuilder("time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n");
    for (int t = 0; t < 3600; t += 30) {
      long ingress = (t >= 600 && t < 1800 ? 300L : 30L) * 1024 * 1024;
      trace.append(t).append(',').append(ingress).append(',').append(2 * ingress).append('\n');
    }
    Path output = dir.resolve("timeline.csv");

    int exit =
        run(
            "simulate",
            "--trace",
            write("trace.csv", trace.toString()).toString(),
            "--output",
            output.toString(),
            "--scale-down-stabilization",
            "10m",
            "--min-brokers",
            "3",
            "--policy",
            "Target");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(Files.readAllLines(output))
        .hasSize(121)
        .first()
        .isEqualTo(
            "time_s,ingress_bytes_per_sec,egress_bytes_per_sec,desired_brokers,ready_brokers,action");
    assertThat(Files.readAllLines(output)).contains("600,314572800,629145600,10,3,scale-up");
    assertThat(out.toString())
        .contains("scale-ups / scale-downs:  1 /")
        .contains("peak / final brokers:     10 / 3")
        .contains("saturated seconds:        120");
  }

  @Test
  void leadTimeIsTheDefaultAndTheSummaryReportsTheDataMoved() throws Exception {
    StringBuilder trace = new StringBuilder("time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n");
    for (int t = 0; t < 3600; t += 30) {
      long ingress = (t >= 600 && t < 1800 ? 300L : 30L) * 1024 * 1024;
      trace.append(t).append(',').append(ingress).append(',').append(2 * ingress).append('\n');
    }
    Path output = dir.resolve("timeline.csv");

    int exit =
        run(
            "simulate",
            "--trace",
            write("trace.csv", trace.toString()).toString(),
            "--output",
            output.toString());

    assertThat(exit).as(err.toString()).isZero();
    // Saturated at 600 s: 300 MiB/s on 3 brokers, sized with the most headroom (300 / 0.6 / 50).
    assertThat(Files.readAllLines(output)).contains("600,314572800,629145600,10,3,scale-up");
    // 6 brokers' worth needs 8 with the scale-down margin: 2 of the 10 go 8 minutes after the
    // scale-up, the rest
    // after the drop.
    assertThat(Files.readAllLines(output)).contains("1080,314572800,629145600,8,10,scale-down");
    assertThat(out.toString())
        .contains("policy LeadTime")
        .contains("saturated seconds:        120")
        .contains("peak / final brokers:     10 / 3")
        .containsPattern("data moved: +[1-9][0-9.]* GiB");
  }

  @Test
  void settingsFileWithUnknownFieldExitsWithTwoNamingTheField() throws Exception {
    Path trace =
        write("trace.csv", "time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n0,1,2\n10,1,2\n");
    Path config = write("autoscaling.yaml", "autoscaling:\n  targetUtilisation: 0.7\n");

    int exit =
        run(
            "simulate",
            "--trace",
            trace.toString(),
            "--output",
            dir.resolve("t.csv").toString(),
            "--config",
            config.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("autoscaling.targetUtilisation: unknown field");
  }

  @Test
  void settingsFileIsReadAndFlagsOverrideIt() throws Exception {
    Path trace =
        write("trace.csv", "time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n0,1,2\n10,1,2\n");
    Path config =
        write(
            "sk.yaml",
            """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        spec:
          brokers: { min: 4, max: 9, capacity: { ingressMiBps: 40, egressMiBps: 80 } }
          autoscaling: { targetUtilization: 0.7, scaleDownStabilization: 30m, mode: RecommendOnly }
          rebalancing: { maxImbalance: 1.10 }
        """);

    int exit =
        run(
            "simulate",
            "--trace",
            trace.toString(),
            "--output",
            dir.resolve("t.csv").toString(),
            "--config",
            config.toString(),
            "--max-brokers",
            "10");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("policy LeadTime, brokers 4..10 (start 4), capacity 40/80 MiB/s")
        .contains("most headroom at 0.70")
        .contains("down at least 30m")
        .contains("mode RecommendOnly");
  }

  @Test
  void badDurationFlagExitsWithTwo() throws Exception {
    Path trace =
        write("trace.csv", "time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n0,1,2\n10,1,2\n");
    int exit =
        run(
            "simulate",
            "--trace",
            trace.toString(),
            "--output",
            dir.resolve("t.csv").toString(),
            "--scale-up-stabilization",
            "soon");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }
}
