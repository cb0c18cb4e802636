package io.serverlesskafka.autoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Mangled input files for {@code bin/skafka plan} and {@code simulate}, run through the CLI entry
 * point in-process: every file gives a result (exit 0) or a message on stderr with exit code 2,
 * never a stack trace. Files are made from valid ones by truncating them, swapping values for
 * values of the wrong type, nulls, huge or negative numbers, NaN, duplicating entries, dropping
 * fields, or random bytes. 30 tries per property in the build ({@code
 * src/test/resources/junit-platform.properties}); more with {@code -Djqwik.tries.default=2000}.
 */
class CliFuzzTest {
  /** Values that break a field: wrong types, absent values, out-of-range and non-finite numbers. */
  static final List<String> JSON_JUNK =
      List.of(
          "null",
          "\"\"",
          "\"x\"",
          "-1",
          "0",
          "-0.5",
          "1e400",
          "-1e400",
          "9223372036854775808",
          "99999999999999999999999",
          "2147483648",
          "1.5",
          "NaN",
          "Infinity",
          "true",
          "[]",
          "{}",
          "[null]",
          "[1,1]",
          "[-1]",
          "{\"a\":1}",
          "\"NaN\"");

  static final List<String> CSV_JUNK =
      List.of(
          "",
          "-1",
          "NaN",
          "Infinity",
          "1e400",
          "abc",
          "1.5",
          "9223372036854775808",
          "-0",
          " ",
          "0x10",
          "1,2",
          "\"1\"",
          "1e18");
  static final List<String> YAML_JUNK =
      List.of(
          "null",
          "~",
          "''",
          "x",
          "-1",
          "0",
          "1e400",
          ".nan",
          ".inf",
          "-.inf",
          "9223372036854775808",
          "1.5",
          "true",
          "[]",
          "{}",
          "[1, 2]",
          "{a: 1}",
          "0s",
          "-5m",
          "99999999h",
          "1h30",
          "P1D");

  private final List<Path> files = new ArrayList<>();

  @AfterProperty
  void deleteFiles() throws IOException {
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
    files.clear();
  }

  record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = new picocli.CommandLine(new Cli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path write(String suffix, byte[] content) throws IOException {
    Path file = Files.createTempFile("cli-fuzz", suffix);
    files.add(file);
    Files.write(file, content);
    return file;
  }

  private static void assertResultOrUsageError(Run run) {
    assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isIn(0, 2);
    assertThat(run.err())
        .as("no stack trace")
        .doesNotContain("\tat ")
        .doesNotContainPattern("(?m)^[\\w.$]+(Exception|Error)(: |$)")
        .doesNotContain("java.lang.", "java.io.");
    if (run.exit() == 2) {
      assertThat(run.err()).as("a message says what is wrong").isNotBlank();
    }
  }

  // ---- plan: cluster snapshots ----

  static String validSnapshot(Random random) {
    int brokers = 1 + random.nextInt(4);
    StringBuilder json = new StringBuilder("{\"brokers\": [");
    for (int b = 0; b < brokers; b++) {
      json.append(b == 0 ? "" : ",")
          .append("{\"id\": ")
          .append(b)
          .append(", \"rack\": \"zone-")
          .append(b % 2)
          .append(
              "\", \"capacity\": {\"ingressBytesPerSec\": 52428800, \"egressBytesPerSec\": 104857600, \"diskBytes\": 107374182400}}");
    }
    json.append("], \"partitions\": [");
    int partitions = random.nextInt(6);
    for (int p = 0; p < partitions; p++) {
      int rf = 1 + random.nextInt(brokers);
      StringBuilder replicas = new StringBuilder();
      for (int r = 0; r < rf; r++) {
        replicas.append(r == 0 ? "" : ",").append((p + r) % brokers);
      }
      json.append(p == 0 ? "" : ",")
          .append("{\"topic\": \"t\", \"partition\": ")
          .append(p)
          .append(", \"replicas\": [")
          .append(replicas)
          .append("], \"ingressBytesPerSec\": ")
          .append(random.nextInt(1 << 20))
          .append(", \"egressBytesPerSec\": ")
          .append(random.nextInt(1 << 20))
          .append(", \"sizeBytes\": ")
          .append(random.nextInt(1 << 30))
          .append('}');
    }
    return json.append("]}").toString();
  }

  @Provide
  Arbitrary<String> mangledSnapshots() {
    return Arbitraries.randoms()
        .flatMap(random -> mangle(validSnapshot(random), JSON_JUNK, Arbitraries.randoms()));
  }

  @Property
  void planGivesAPlanOrAMessageForAnySnapshot(
      @ForAll("mangledSnapshots") String snapshot, @ForAll("removeBrokers") String remove)
      throws IOException {
    Path input = write(".json", snapshot.getBytes(StandardCharsets.UTF_8));
    Path output = Files.createTempFile("cli-fuzz", ".plan.json");
    files.add(output);
    Run run =
        remove.isEmpty()
            ? run("plan", "--input", input.toString(), "--output", output.toString())
            : run(
                "plan",
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--remove-brokers",
                remove);
    assertResultOrUsageError(run);
  }

  @Provide
  Arbitrary<String> removeBrokers() {
    return Arbitraries.of("", "0", "1,2", "9", "0,1,2,3", "-1");
  }

  // ---- simulate: traces and settings ----

  static String validTrace(Random random) {
    StringBuilder csv = new StringBuilder("time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n");
    int rows = 1 + random.nextInt(30);
    for (int i = 0; i < rows; i++) {
      csv.append(i * 10)
          .append(',')
          .append(random.nextInt(300 << 20))
          .append(',')
          .append(random.nextInt(600 << 20))
          .append('\n');
    }
    return csv.toString();
  }

  static String validSettings(Random random) {
    return """
        brokers:
          min: %d
          max: %d
          capacity:
            ingressMiBps: 50
            egressMiBps: 100
        autoscaling:
          targetUtilization: 0.6
          tolerance: 0.1
          metricsWindow: 1m
          scaleUpStabilization: 30s
          scaleDownStabilization: 2m
          maxStep: 2
        simulation:
          provisionSeconds: 60
          drainSeconds: 120
          initialBrokers: %d
        """
        .formatted(1 + random.nextInt(3), 3 + random.nextInt(10), 1 + random.nextInt(4));
  }

  @Provide
  Arbitrary<String> mangledTraces() {
    return Arbitraries.randoms()
        .flatMap(random -> mangle(validTrace(random), CSV_JUNK, Arbitraries.randoms()));
  }

  @Provide
  Arbitrary<String> mangledSettings() {
    return Arbitraries.randoms()
        .flatMap(random -> mangle(validSettings(random), YAML_JUNK, Arbitraries.randoms()));
  }

  @Property
  void simulateGivesATimelineOrAMessageForAnyTrace(@ForAll("mangledTraces") String trace)
      throws IOException {
    Path input = write(".csv", trace.getBytes(StandardCharsets.UTF_8));
    Path output = write(".timeline.csv", new byte[0]);
    assertResultOrUsageError(
        run("simulate", "--trace", input.toString(), "--output", output.toString()));
  }

  @Property
  void simulateGivesATimelineOrAMessageForAnySettingsFile(
      @ForAll("mangledSettings") String settings) throws IOException {
    Path trace =
        write(
            ".csv",
            "time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n0,1000,2000\n10,50000000,90000000\n"
                .getBytes(StandardCharsets.UTF_8));
    Path config = write(".yaml", settings.getBytes(StandardCharsets.UTF_8));
    Path output = write(".timeline.csv", new byte[0]);
    assertResultOrUsageError(
        run(
            "simulate",
            "--trace",
            trace.toString(),
            "--output",
            output.toString(),
            "--config",
            config.toString()));
  }

  @Property
  void simulateFlagsGiveATimelineOrAMessage(
      @ForAll("flagValues") String value, @ForAll("simulateFlags") String flag) throws IOException {
    Path trace =
        write(
            ".csv",
            "time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n0,1000,2000\n10,50000000,90000000\n"
                .getBytes(StandardCharsets.UTF_8));
    Path output = write(".timeline.csv", new byte[0]);
    assertResultOrUsageError(
        run("simulate", "--trace", trace.toString(), "--output", output.toString(), flag, value));
  }

  @Provide
  Arbitrary<String> simulateFlags() {
    return Arbitraries.of(
        "--min-brokers",
        "--max-brokers",
        "--ingress-capacity-mibps",
        "--egress-capacity-mibps",
        "--target-utilization",
        "--tolerance",
        "--metrics-window",
        "--scale-up-stabilization",
        "--scale-down-stabilization",
        "--max-step",
        "--mode",
        "--provision-seconds",
        "--drain-seconds",
        "--initial-brokers");
  }

  @Provide
  Arbitrary<String> flagValues() {
    return Arbitraries.of(
        "0",
        "-1",
        "1",
        "1000000",
        "2147483648",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "0.5",
        "",
        "abc",
        "0s",
        "-5m",
        "99999999999h",
        "1h30m",
        "Auto",
        "RecommendOnly",
        "auto",
        "9223372036854775807");
  }

  @Property
  void randomBytesAreRefusedWithAMessage(@ForAll("bytes") byte[] content) throws IOException {
    Path file = write(".bin", content);
    Path output = Files.createTempFile("cli-fuzz", ".out");
    files.add(output);
    assertResultOrUsageError(
        run("plan", "--input", file.toString(), "--output", output.toString()));
    assertResultOrUsageError(
        run("simulate", "--trace", file.toString(), "--output", output.toString()));
    Path trace =
        write(
            ".csv",
            "time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n0,1,1\n"
                .getBytes(StandardCharsets.UTF_8));
    assertResultOrUsageError(
        run(
            "simulate",
            "--trace",
            trace.toString(),
            "--output",
            output.toString(),
            "--config",
            file.toString()));
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
  }

  // ---- mangling ----

  /**
   * One to three changes to a valid text: truncation, a value swapped for junk, a line duplicated
   * or dropped.
   */
  static Arbitrary<String> mangle(String valid, List<String> junk, Arbitrary<Random> randoms) {
    return randoms.map(
        random -> {
          String text = valid;
          int changes = 1 + random.nextInt(3);
          for (int i = 0; i < changes; i++) {
            text =
                switch (random.nextInt(6)) {
                  case 0 -> text.substring(0, random.nextInt(text.length() + 1));
                  case 1, 2 -> replaceValue(text, junk.get(random.nextInt(junk.size())), random);
                  case 3 -> duplicateLineOrEntry(text, random);
                  case 4 -> dropLine(text, random);
                  default -> replaceValue(text, junk.get(random.nextInt(junk.size())), random);
                };
          }
          return text;
        });
  }

  /** Swaps a number, a quoted string or a bare scalar after a ':' or ',' for the junk. */
  static String replaceValue(String text, String junk, Random random) {
    List<int[]> spans = new ArrayList<>();
    var m =
        java.util.regex.Pattern.compile("-?[0-9][0-9.eE+-]*|\"[^\"\\n]*\"|(?<=: )[A-Za-z0-9.]+")
            .matcher(text);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty()) {
      return text;
    }
    int[] s = spans.get(random.nextInt(spans.size()));
    return text.substring(0, s[0]) + junk + text.substring(s[1]);
  }

  static String duplicateLineOrEntry(String text, Random random) {
    // JSON entries: copy one {...} of the partitions or brokers array (duplicate ids); CSV/YAML: a
    // line.
    int open = text.indexOf('{', 1 + random.nextInt(Math.max(1, text.length() - 1)));
    if (open > 0) {
      int depth = 0;
      for (int i = open; i < text.length(); i++) {
        depth += text.charAt(i) == '{' ? 1 : text.charAt(i) == '}' ? -1 : 0;
        if (depth == 0) {
          String entry = text.substring(open, i + 1);
          return text.substring(0, i + 1) + "," + entry + text.substring(i + 1);
        }
      }
    }
    String[] lines = text.split("\n", -1);
    int line = random.nextInt(lines.length);
    List<String> result = new ArrayList<>(List.of(lines));
    result.add(line, lines[line]);
    return String.join("\n", result);
  }

  static String dropLine(String text, Random random) {
    String[] lines = text.split("\n", -1);
    List<String> result = new ArrayList<>(List.of(lines));
    result.remove(random.nextInt(lines.length));
    return String.join("\n", result);
  }
}
