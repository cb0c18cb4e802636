package io.serverlesskafka.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code @upstash/kafka} SDK from npm, installed into {@code target/upstash-sdk} (npm's
 * cache makes later runs work offline), and a Node script run with it.
 */
final class UpstashSdk {

  static final String PACKAGE = "@upstash/kafka@1.3.5";

  private final Path dir;

  private UpstashSdk(Path dir) {
    this.dir = dir;
  }

  static UpstashSdk install() throws IOException, InterruptedException {
    Path dir = Path.of("target", "upstash-sdk").toAbsolutePath();
    Files.createDirectories(dir);
    if (!Files.isDirectory(dir.resolve("node_modules/@upstash/kafka"))) {
      Files.writeString(
          dir.resolve("package.json"), "{\"name\":\"gateway-sdk-check\",\"private\":true}\n");
      Result npm =
          run(
              dir,
              Map.of(),
              180,
              "npm",
              "install",
              "--no-audit",
              "--no-fund",
              "--prefer-offline",
              "--loglevel=error",
              PACKAGE);
      if (npm.exit() != 0) {
        throw new IllegalStateException(
            "npm could not install "
                + PACKAGE
                + " into "
                + dir
                + " (exit "
                + npm.exit()
                + "). Without network, fill npm's cache once with `npm cache add "
                + PACKAGE
                + "`.\n"
                + npm.output());
      }
    }
    return new UpstashSdk(dir);
  }

  /**
   * Runs a script next to the installed SDK (Node resolves imports from the script's directory).
   */
  Result runScript(Path source, Map<String, String> env) throws IOException, InterruptedException {
    Path script = dir.resolve(source.getFileName());
    Files.copy(source, script, StandardCopyOption.REPLACE_EXISTING);
    return run(dir, env, 180, "node", script.toString());
  }

  record Result(int exit, String output) {
    String lastLine() {
      String[] lines = output.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Result run(
      Path dir, Map<String, String> env, int timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(command));
    ProcessBuilder builder =
        new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
