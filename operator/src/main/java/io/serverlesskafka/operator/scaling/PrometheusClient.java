package io.serverlesskafka.operator.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlesskafka.autoscaler.scaling.MetricsUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instant queries against the Prometheus HTTP API ({@code GET /api/v1/query}); only what the
 * autoscaler needs, so no client library. Every failure (unreachable, an HTTP or PromQL error, a
 * result that is not an instant vector) is a {@link MetricsUnavailableException} whose message says
 * which, without changing parts: the operator turns it into an Event, and equal messages are
 * counted on one Event.
 */
public final class PrometheusClient {
  /** One series of an instant vector: its labels and its value now. */
  public record Series(Map<String, String> labels, double value) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http;
  private final String baseUrl;
  private final Duration timeout;

  public PrometheusClient(HttpClient http, String baseUrl, Duration timeout) {
    this.http = http;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public List<Series> query(String promql) {
    URI uri =
        URI.create(
            baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // ConnectException and friends often carry no message: the class name is the useful part.
      throw new MetricsUnavailableException(
          "Prometheus at " + baseUrl + " is unreachable: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricsUnavailableException(
          "interrupted while querying Prometheus at " + baseUrl, e);
    }
    return parse(response.statusCode(), response.body());
  }

  private List<Series> parse(int status, String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new MetricsUnavailableException(
          "Prometheus at "
              + baseUrl
              + " answered HTTP "
              + status
              + " with a body that is not JSON");
    }
    // Errors come as {"status":"error","errorType":...,"error":...} with HTTP 400, 422 or 503.
    if (!"success".equals(root.path("status").asText())) {
      throw new MetricsUnavailableException(
          "Prometheus at "
              + baseUrl
              + " answered HTTP "
              + status
              + ": "
              + root.path("errorType").asText("unknown error")
              + ": "
              + root.path("error").asText(""));
    }
    JsonNode data = root.path("data");
    if (!"vector".equals(data.path("resultType").asText())) {
      throw new MetricsUnavailableException(
          "Prometheus query must return an instant vector, got "
              + data.path("resultType").asText("nothing"));
    }
    List<Series> series = new ArrayList<>();
    for (JsonNode item : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      item.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      series.add(new Series(labels, value(item.path("value").path(1).asText())));
    }
    return series;
  }

  /**
   * A sample value is [unix time, "number as a string"]; Prometheus writes the infinities "+Inf"
   * and "-Inf".
   */
  private double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new MetricsUnavailableException(
              "Prometheus at "
                  + baseUrl
                  + " returned a sample value that is not a number: '"
                  + text
                  + "'");
        }
      }
    };
  }

  private static String describe(Exception e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
