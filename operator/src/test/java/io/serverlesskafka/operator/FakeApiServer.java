package io.serverlesskafka.operator;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A few answers of a Kubernetes API server over HTTP, for unit tests of classes that only read a
 * Secret or create an Event: GETs of paths put in {@link #objects} return their JSON (others 404),
 * POSTs echo the created object.
 */
public final class FakeApiServer implements AutoCloseable {
  public final Map<String, String> objects = new ConcurrentHashMap<>();
  private final HttpServer server;

  public FakeApiServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          int code;
          if ("POST".equals(exchange.getRequestMethod())) {
            body = exchange.getRequestBody().readAllBytes();
            code = 201;
          } else {
            String json = objects.get(exchange.getRequestURI().getPath());
            code = json == null ? 404 : 200;
            body =
                (json == null
                        ? "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404,\"reason\":\"NotFound\"}"
                        : json)
                    .getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(code, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  public KubernetesClient client() {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
