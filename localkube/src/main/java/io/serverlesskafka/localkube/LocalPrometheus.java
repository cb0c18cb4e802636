package io.serverlesskafka.localkube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus on loopback, for tests: it scrapes one target every second under a job name,
 * evaluates a rules file every second, and answers PromQL through its HTTP API. The binaries (and
 * {@code promtool}) are built from the Go module proxy by {@code scripts/build-prometheus.sh} into
 * ~/.kubeapitest/prometheus/.
 */
public final class LocalPrometheus implements AutoCloseable {
  public static final String VERSION = System.getProperty("prometheus.version", "3.15.1");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalPrometheus(Process process, URI base) {
    this.process = process;
    this.base = base;
  }

  /** Where the binaries are cached. */
  public static Path binaries() {
    String root =
        System.getenv()
            .getOrDefault(
                "KUBEAPITEST_DIR",
                Path.of(System.getProperty("user.home"), ".kubeapitest").toString());
    return Path.of(root, "prometheus", VERSION + "-linux-amd64");
  }

  /**
   * The path of {@code prometheus} or {@code promtool}; fails, saying how to build them, when they
   * are missing.
   */
  public static Path binary(String name) {
    Path path = binaries().resolve(name);
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          path
              + " not found: run scripts/build-prometheus.sh (bin/test does) to build Prometheus "
              + VERSION
              + " from the Go module proxy");
    }
    return path;
  }

  /** Runs promtool with these arguments; returns its exit code and output (stdout and stderr). */
  public static Kubectl.Result promtool(String... args) {
    List<String> command = new ArrayList<>(List.of(binary("promtool").toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Kubectl.Result(p.waitFor(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts Prometheus in {@code workDir} (config, data and log there) scraping {@code target}
   * (host:port) as {@code job}, with {@code rulesFile} (or none); returns once it answers ready.
   */
  public static LocalPrometheus start(Path workDir, String job, String target, Path rulesFile) {
    try {
      Files.createDirectories(workDir);
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path config = workDir.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global: { scrape_interval: 1s, evaluation_interval: 1s }
          %s
          scrape_configs:
            - job_name: %s
              static_configs: [{ targets: ["%s"] }]
          """
              .formatted(
                  rulesFile == null ? "" : "rule_files: [\"" + rulesFile.toAbsolutePath() + "\"]",
                  job,
                  target));
      Path log = workDir.resolve("prometheus.log");
      Process process =
          new ProcessBuilder(
                  binary("prometheus").toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + workDir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      LocalPrometheus prometheus =
          new LocalPrometheus(process, URI.create("http://127.0.0.1:" + port));
      prometheus.awaitReady(log);
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Path log) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "prometheus exited (" + process.exitValue() + "): " + Files.readString(log));
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    close();
    throw new IllegalStateException("prometheus not ready within 60 s: " + Files.readString(log));
  }

  public URI url() {
    return base;
  }

  /**
   * Evaluates an instant PromQL query now; returns {@code data.result}. A query Prometheus refuses
   * throws with its error message.
   */
  public JsonNode query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .path("result");
  }

  /**
   * GETs an API path (e.g. /api/v1/rules) and returns {@code data}; an error status throws with
   * Prometheus' message.
   */
  public JsonNode get(String pathAndQuery) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(base.resolve(pathAndQuery))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
        throw new IllegalArgumentException(
            pathAndQuery
                + ": HTTP "
                + response.statusCode()
                + " "
                + body.path("errorType").asText()
                + ": "
                + body.path("error").asText());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
