package io.serverlesskafka.autoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlanCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new Cli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static Path example() {
    return Path.of(System.getProperty("project.root", ".."), "docs", "examples", "snapshot.json");
  }

  @Test
  void badSnapshotExitsWithTwoAndNamesTheField() throws Exception {
    Path input = dir.resolve("snapshot.json");
    Files.writeString(
        input,
        Files.readString(example())
            .replaceFirst("\"replicas\" : \\[ 0,|\"replicas\": \\[\\s*0,", "\"replicas\": [ 9,"));
    assertThat(Files.readString(input)).contains("[ 9,");

    int code =
        run("plan", "--input", input.toString(), "--output", dir.resolve("plan.json").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("partitions[0].replicas: broker 9 is not in brokers");
    assertThat(dir.resolve("plan.json")).doesNotExist();
  }

  @Test
  void missingFileExitsWithTwo() {
    int code =
        run(
            "plan",
            "--input",
            dir.resolve("nope.json").toString(),
            "--output",
            dir.resolve("plan.json").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("nope.json: no such file");
  }

  @Test
  void unknownBrokerToRemoveExitsWithTwo() {
    int code =
        run(
            "plan",
            "--input",
            example().toString(),
            "--output",
            dir.resolve("plan.json").toString(),
            "--remove-brokers",
            "42");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--remove-brokers: broker 42 is not in brokers");
  }

  @Test
  void maxImbalanceBelowOneExitsWithTwo() {
    int code =
        run(
            "plan",
            "--input",
            example().toString(),
            "--output",
            dir.resolve("plan.json").toString(),
            "--max-imbalance",
            "0.9");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--max-imbalance");
  }

  @Test
  void writesKafkasReassignmentJsonAndASummary() throws Exception {
    Path output = dir.resolve("plan.json");

    int code = run("plan", "--input", example().toString(), "--output", output.toString());

    assertThat(code).as(err.toString()).isZero();
    var json = new ObjectMapper().readTree(output.toFile());
    assertThat(json.get("version").asInt()).isEqualTo(1);
    assertThat(json.get("partitions")).isNotEmpty();
    assertThat(out.toString())
        .contains("before max/mean", "Bytes moved", "Estimated time at 40 MiB/s");
  }
}
