package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * /metrics without Kafka: served without credentials, and a request answered 200 without asking
 * Kafka (a commit without offsets for an instance this replica does not hold) is not counted, so
 * made-up usernames add no series. Counting with real brokers: GatewayOnLocalClusterIT.
 */
class GatewayMetricsTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRequestKafkaNeverSawIsNotCountedAndMetricsNeedNoCredentials() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (GatewayServer gateway =
        GatewayServer.start(
            GatewayConfig.defaults(ClientSettings.of("127.0.0.1:" + closed))
                .withPort("127.0.0.1", 0))) {
      String base = "http://127.0.0.1:" + gateway.port();
      HttpResponse<String> commit =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/commit/g/i"))
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString("made-up:x".getBytes(StandardCharsets.UTF_8)))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);

      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(metrics.body())
          .containsPattern("serverless_kafka_gateway_info\\{instance=\"[0-9a-f]{16}\"")
          .doesNotContain("made-up")
          .doesNotContain("serverless_kafka_gateway_requests_total{");
    }
  }
}
