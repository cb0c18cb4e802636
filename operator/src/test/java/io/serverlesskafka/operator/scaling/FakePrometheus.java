package io.serverlesskafka.operator.scaling;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays a Prometheus server's {@code /api/v1/query} on loopback with canned answers in Prometheus's
 * own response format: a vector per query, or an error as Prometheus sends it. Queries without an
 * answer get the error a PromQL parse failure gets.
 */
public final class FakePrometheus implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  public final List<String> queries = new CopyOnWriteArrayList<>();

  private record Answer(int status, String body) {}

  public FakePrometheus() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/query", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers the query with an instant vector of one series per pod: {@code pod name -> value}. */
  public void vector(String query, Map<String, String> valueByPod) {
    StringBuilder result = new StringBuilder();
    valueByPod.forEach(
        (pod, value) ->
            result
                .append(result.isEmpty() ? "" : ",")
                .append("{\"metric\":{\"kubernetes_pod_name\":\"")
                .append(pod)
                .append("\"},\"value\":[1735689600.123,\"")
                .append(value)
                .append("\"]}"));
    answers.put(
        query,
        new Answer(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + result
                + "]}}"));
  }

  /** Answers the query with this status and body, as given. */
  public void answer(String query, int status, String body) {
    answers.put(query, new Answer(status, body));
  }

  private void handle(HttpExchange exchange) throws IOException {
    String raw = exchange.getRequestURI().getRawQuery();
    String query =
        raw == null || !raw.startsWith("query=")
            ? ""
            : URLDecoder.decode(raw.substring("query=".length()), StandardCharsets.UTF_8);
    queries.add(query);
    Answer answer =
        answers.getOrDefault(
            query,
            new Answer(
                400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": unknown query\"}"));
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
