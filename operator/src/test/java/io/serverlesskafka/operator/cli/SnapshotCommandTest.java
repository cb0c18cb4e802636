package io.serverlesskafka.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/skafka snapshot} with bad flags and client properties files: a message and exit code
 * 2, never a stack trace. All of these fail before a connection is tried, so no cluster is needed.
 */
class SnapshotCommandTest {
  @TempDir Path dir;

  record Run(int exit, String err) {}

  private Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SnapshotCommand());
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return new Run(cli.execute(args), err.toString());
  }

  private static void assertUsageError(Run run, String expected) {
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains(expected)
        .doesNotContain("\tat ")
        .doesNotContainPattern("(?m)^[\\w.$]+(Exception|Error)(: |$)");
  }

  private Path file(String content) throws Exception {
    Path f = Files.createTempFile(dir, "client", ".properties");
    Files.writeString(f, content, StandardCharsets.ISO_8859_1);
    return f;
  }

  @Test
  void badFlagsAreUsageErrors() throws Exception {
    String out = dir.resolve("snapshot.json").toString();
    assertUsageError(
        run("--bootstrap-server", "127.0.0.1:9", "--output", out, "--sample-seconds", "-1"),
        "--sample-seconds");
    assertUsageError(
        run("--bootstrap-server", "127.0.0.1:9", "--output", out, "--broker-disk-gib", "NaN"),
        "--broker-disk-gib");
    assertUsageError(
        run("--bootstrap-server", "127.0.0.1:9", "--output", out, "--broker-ingress-mibps", "0"),
        "--broker-ingress-mibps");
    assertUsageError(
        run(
            "--bootstrap-server",
            "127.0.0.1:9",
            "--output",
            out,
            "--broker-egress-mibps",
            "-Infinity"),
        "--broker-egress-mibps");
    assertUsageError(
        run(
            "--bootstrap-server",
            "127.0.0.1:9",
            "--output",
            out,
            "--command-config",
            dir.toString()),
        "cannot be read");
    assertUsageError(
        run("--bootstrap-server", "no-port-here", "--output", out), "--bootstrap-server");
  }

  @Test
  void badPropertiesFilesAreUsageErrors() throws Exception {
    String out = dir.resolve("snapshot.json").toString();
    assertUsageError(
        run(
            "--bootstrap-server",
            "127.0.0.1:9",
            "--output",
            out,
            "--command-config",
            file("sasl.jaas.config=\\uZZZZ\n").toString()),
        "not a properties file");
    assertUsageError(
        run(
            "--bootstrap-server",
            "127.0.0.1:9",
            "--output",
            out,
            "--command-config",
            file("security.protocol=NOPE\n").toString()),
        "--command-config");
  }

  /**
   * Random mangled client properties: each a message and exit 2 (the bootstrap address is refused
   * last).
   */
  @Test
  void mangledPropertiesFilesNeverCrash() throws Exception {
    List<String> keys =
        List.of(
            "security.protocol",
            "sasl.mechanism",
            "sasl.jaas.config",
            "request.timeout.ms",
            "retries",
            "client.id",
            "ssl.truststore.location",
            "metadata.max.age.ms",
            "bootstrap.servers",
            "");
    List<String> values =
        List.of(
            "",
            "SASL_SSL",
            "PLAINTEXT",
            "x",
            "-1",
            "NaN",
            "99999999999999999999",
            "\\u12",
            "org.example.Missing required;",
            "=",
            "\\",
            "1e400",
            "SCRAM-SHA-512");
    Random random = new Random(Long.getLong("snapshot.fuzz.seed", 42));
    int tries = Integer.getInteger("snapshot.fuzz.tries", 60);
    for (int i = 0; i < tries; i++) {
      StringBuilder props = new StringBuilder();
      for (int line = random.nextInt(5); line >= 0; line--) {
        props
            .append(keys.get(random.nextInt(keys.size())))
            .append(random.nextBoolean() ? "=" : ": ")
            .append(values.get(random.nextInt(values.size())))
            .append('\n');
      }
      Run run =
          run(
              "--bootstrap-server",
              "no-port-here",
              "--output",
              dir.resolve("s.json").toString(),
              "--command-config",
              file(props.toString()).toString());
      assertThat(run.exit()).as("%s -> %s", props, run.err()).isEqualTo(2);
      assertThat(run.err()).as("%s", props).isNotBlank().doesNotContain("\tat ");
    }
  }
}
