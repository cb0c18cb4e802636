package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A gateway whose brokers are not there (an OnDemand cluster hibernating, a cluster starting or
 * down) answers a produce with 503, Retry-After and a JSON error saying so, within the producer's
 * 10 s metadata wait, instead of a 404 "not present in metadata" or a 500.
 */
class BrokersUnreachableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"closed-port", "unresolvable-name"})
  void aProduceWithoutBrokersIs503WithRetryAfter(String kind) throws Exception {
    String bootstrap =
        kind.equals("closed-port")
            ? "127.0.0.1:" + closedPort()
            : "shared-kafka-bootstrap.kafka.svc.invalid:9092";
    try (GatewayServer gateway =
        GatewayServer.start(
            GatewayConfig.defaults(ClientSettings.of(bootstrap)).withPort("127.0.0.1", 0))) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + gateway.port()
                                  + "/produce/team-a.orders/hello"))
                      .header(
                          "Authorization",
                          "Basic "
                              + Base64.getEncoder()
                                  .encodeToString(
                                      "team-a.orders:secret".getBytes(StandardCharsets.UTF_8)))
                      .timeout(Duration.ofSeconds(60))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("status").asInt()).isEqualTo(503);
      assertThat(body.get("error").asText())
          .startsWith("Kafka brokers cannot be reached")
          .contains("hibernating");
      assertThat(took).isLessThan(Duration.ofSeconds(30));
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
