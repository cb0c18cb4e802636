package io.serverlesskafka.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: JDK HttpServer with a virtual thread per request, so a request may block on Kafka
 * without holding a platform thread. Parses, authenticates (Basic → the caller's Kafka clients),
 * dispatches, and writes JSON.
 */
public final class GatewayServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private static final Map<String, Object> SUCCESS = Map.of("result", "Success", "status", 200);

  /** Request headers that describe HTTP itself; a webhook's other headers become record headers. */
  private static final Set<String> STANDARD_HEADERS =
      Set.of(
          "host",
          "user-agent",
          "accept",
          "accept-encoding",
          "accept-language",
          "content-type",
          "content-length",
          "authorization",
          "connection",
          "transfer-encoding",
          "expect",
          "cookie",
          "origin",
          "referer",
          "cache-control",
          "pragma",
          "te",
          "upgrade",
          "keep-alive",
          "proxy-authorization",
          "forwarded",
          "idempotency-key",
          "x-forwarded-for",
          "x-forwarded-proto",
          "x-forwarded-host",
          "x-forwarded-port",
          "x-real-ip",
          "x-request-id");

  private final GatewayConfig config;
  private final ClientCache clients;
  private final IdempotencyCache idempotency;
  private final LoginThrottle logins =
      new LoginThrottle(LoginThrottle.Limits.DEFAULT, System::nanoTime);
  private final UsageCounters usage = new UsageCounters();
  private final byte[] openApi;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private GatewayServer(GatewayConfig config) throws IOException {
    this.config = config;
    this.clients = new ClientCache(config);
    this.idempotency = new IdempotencyCache(config.idempotencyTtl(), config.maxIdempotencyKeys());
    try (InputStream in = GatewayServer.class.getResourceAsStream("/openapi.yaml")) {
      this.openApi = in == null ? new byte[0] : in.readAllBytes();
    }
    this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public static GatewayServer start(GatewayConfig config) {
    try {
      GatewayServer gateway = new GatewayServer(config);
      gateway.server.start();
      LOG.info(
          "gateway listening on {}:{}, Kafka at {} ({}, {})",
          config.host(),
          gateway.port(),
          config.kafka().bootstrapServers(),
          config.kafka().securityProtocol(),
          config.kafka().saslMechanism());
      return gateway;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** How many credentials hold Kafka clients now (for tests and metrics). */
  int cachedCredentials() {
    return clients.size();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        respond(exchange, 200, dispatch(exchange));
      } catch (GatewayException e) {
        if (e.status() >= 500) {
          LOG.warn(
              "{} {}: {} {}",
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              e.status(),
              e.getMessage(),
              e.getCause());
        }
        if (e.status() == 401) {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"kafka\"");
        }
        if (e.retryAfterSeconds() > 0) {
          exchange.getResponseHeaders().set("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        respond(exchange, e.status(), error(e.getMessage(), e.status()));
      } catch (RuntimeException e) {
        LOG.warn(
            "{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
        respond(exchange, 500, error(e.getClass().getSimpleName() + ": " + e.getMessage(), 500));
      }
    } catch (IOException e) {
      LOG.debug("client went away: {}", e.getMessage());
    }
  }

  private byte[] dispatch(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    Routes.Match match = Routes.match(exchange.getRequestMethod(), uri.getRawPath());
    Map<String, String> query = query(uri.getRawQuery());
    if (match.route() == Routes.Route.HEALTH) {
      return json(Map.of("status", "ok"));
    }
    if (match.route() == Routes.Route.METRICS) {
      exchange.getResponseHeaders().set("Content-Type", usage.contentType());
      return usage.exposition();
    }
    if (match.route() == Routes.Route.OPENAPI) {
      exchange.getResponseHeaders().set("Content-Type", "application/yaml");
      return openApi;
    }
    byte[] body = readBody(exchange);
    Credentials credentials = credentials(exchange.getRequestHeaders(), match, query);
    String key = clients.keyOf(credentials);
    // The client's address as this server sees it: behind a proxy that is the proxy's
    // (docs/gateway.md).
    String client = exchange.getRemoteAddress().getAddress().getHostAddress();
    if (!clients.contains(key)) {
      // A login, i.e. a SASL handshake with the brokers: refused while this client guessed too
      // often.
      logins.check(client, credentials.username());
    }
    TenantClients tenant = clients.get(key, credentials);
    try {
      String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      boolean producing =
          match.route() == Routes.Route.PRODUCE
              || match.route() == Routes.Route.PRODUCE_IN_PATH
              || match.route() == Routes.Route.WEBHOOK;
      if (producing && idempotencyKey != null && !idempotencyKey.isBlank()) {
        // The webhook's ?user=&pass= stay out of the remembered key.
        String route =
            exchange.getRequestMethod()
                + " "
                + uri.getRawPath()
                + " "
                + new java.util.TreeMap<>(query)
                    .entrySet().stream()
                        .filter(e -> !e.getKey().equals("user") && !e.getKey().equals("pass"))
                        .toList();
        byte[] answer =
            idempotency
                .answer(
                    key,
                    idempotencyKey,
                    route,
                    body,
                    () ->
                        new IdempotencyCache.Answer(
                            200, route(exchange, match, query, body, tenant)))
                .body();
        // a repeat answered from memory is a request too, but produced no records
        countRequest(tenant, match);
        return answer;
      }
      byte[] answer = route(exchange, match, query, body, tenant);
      logins.succeeded(client, credentials.username());
      countRequest(tenant, match);
      return answer;
    } catch (RuntimeException e) {
      GatewayException failure = KafkaErrors.toGatewayException(e);
      if (failure.status() == 401) {
        clients.evict(key);
        logins.failed(client, credentials.username(), key);
      }
      throw failure;
    }
  }

  private byte[] route(
      HttpExchange exchange,
      Routes.Match match,
      Map<String, String> query,
      byte[] body,
      TenantClients tenant) {
    String user = tenant.username();
    return switch (match.route()) {
      case PRODUCE ->
          json(
              produced(
                  tenant,
                  Producing.produce(
                      tenant,
                      RequestBodies.produceMessages(RequestBodies.parse(body), match.topic()))));
      case PRODUCE_IN_PATH ->
          json(
              produced(
                      tenant,
                      Producing.produce(
                          tenant,
                          List.of(
                              new RequestBodies.ProduceMessage(
                                  match.topic(),
                                  null,
                                  null,
                                  query.get("key"),
                                  match.message(),
                                  List.of()))))
                  .get(0));
      case WEBHOOK ->
          json(
              produced(
                      tenant,
                      Producing.produce(tenant, List.of(webhookMessage(exchange, query, body))))
                  .get(0));
      case FETCH ->
          json(
              returned(
                  tenant,
                  Fetching.fetch(tenant, RequestBodies.fetchRequest(fetchBody(body, query)))));
      case CONSUME -> {
        RequestBodies.ConsumeRequest request =
            RequestBodies.consumeRequest(
                RequestBodies.parse(body), match.topic(), longParam(query, "timeout"));
        ConsumerSettings settings =
            ConsumerSettings.fromHeaders(exchange.getRequestHeaders()::getFirst);
        ConsumerInstance instance =
            tenant.instance(
                config.groupNames().kafkaGroup(user, match.group()), match.instance(), settings);
        yield json(returned(tenant, instance.consume(request.topics(), request.timeoutMs())));
      }
      case COMMIT -> {
        List<RequestBodies.TopicPartitionOffset> offsets =
            RequestBodies.topicPartitionOffsets(RequestBodies.parse(body));
        String group = config.groupNames().kafkaGroup(user, match.group());
        ConsumerInstance instance =
            offsets.isEmpty()
                ? tenant.existingInstance(group, match.instance())
                : tenant.instance(
                    group,
                    match.instance(),
                    ConsumerSettings.fromHeaders(exchange.getRequestHeaders()::getFirst));
        if (instance != null) {
          instance.commit(offsets, timeout(query, 10_000));
        }
        yield json(SUCCESS);
      }
      case COMMITTED ->
          json(
              AdminQueries.committed(
                  tenant,
                  config.groupNames().kafkaGroup(user, match.group()),
                  RequestBodies.topicPartitions(RequestBodies.parse(body)),
                  timeout(query, 10_000)));
      case OFFSETS ->
          json(
              AdminQueries.offsets(
                  tenant,
                  match.timestamp(),
                  RequestBodies.topicPartitions(RequestBodies.parse(body)),
                  timeout(query, 10_000)));
      case DELETE_CONSUMER -> {
        String group = config.groupNames().kafkaGroup(user, match.group());
        ConsumerInstance instance = tenant.existingInstance(group, match.instance());
        if (instance != null) {
          instance.closeLeavingGroup();
          tenant.forget(instance);
        }
        // Another replica may hold the instance now (this one's was fenced): Kafka removes it
        // wherever it is.
        try {
          AdminQueries.removeMember(tenant, group, match.instance());
        } catch (RuntimeException e) {
          if (instance == null || KafkaErrors.toGatewayException(e).status() != 404) {
            throw e;
          }
        }
        yield json(SUCCESS);
      }
      case TOPICS -> json(AdminQueries.topics(tenant));
      case CONSUMERS -> json(AdminQueries.consumers(tenant, config.groupNames()));
      case OPENAPI, HEALTH, METRICS ->
          throw new IllegalStateException("answered before authentication");
    };
  }

  /**
   * Counts a request answered with 200 for metering, only once Kafka has accepted the credential:
   * some routes answer 200 without asking Kafka (an empty produce, a commit without offsets), and
   * counting those would let made-up usernames add series.
   */
  private void countRequest(TenantClients tenant, Routes.Match match) {
    if (tenant.verified()) {
      usage.request(tenant.username(), match.route());
    }
  }

  private List<Producing.Metadata> produced(
      TenantClients tenant, List<Producing.Metadata> records) {
    if (!records.isEmpty()) {
      tenant.markVerified();
    }
    usage.records(
        tenant.username(), "in", records.stream().map(Producing.Metadata::topic).toList());
    return records;
  }

  private List<Message> returned(TenantClients tenant, List<Message> records) {
    if (!records.isEmpty()) {
      tenant.markVerified();
    }
    usage.records(tenant.username(), "out", records.stream().map(Message::topic).toList());
    return records;
  }

  /** GET /fetch may carry its request in the query string, as curl users do. */
  private static JsonNode fetchBody(byte[] body, Map<String, String> query) {
    JsonNode parsed = RequestBodies.parse(body);
    if (parsed != null || !query.containsKey("topic")) {
      return parsed;
    }
    Map<String, Object> fromQuery = new LinkedHashMap<>();
    fromQuery.put("topic", query.get("topic"));
    fromQuery.put(
        "partition",
        query.getOrDefault("partition", "0").matches("\\d+")
            ? Integer.parseInt(query.getOrDefault("partition", "0"))
            : query.get("partition"));
    fromQuery.put("offset", query.getOrDefault("offset", "0"));
    if (query.containsKey("timeout")) {
      fromQuery.put("timeout", query.get("timeout"));
    }
    return RequestBodies.JSON.valueToTree(fromQuery);
  }

  private static RequestBodies.ProduceMessage webhookMessage(
      HttpExchange exchange, Map<String, String> query, byte[] body) {
    String topic = query.get("topic");
    if (topic == null || topic.isBlank()) {
      throw GatewayException.badRequest("webhook needs ?topic=<topic>");
    }
    List<RequestBodies.Header> headers = new ArrayList<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(java.util.Locale.ROOT);
              if (!STANDARD_HEADERS.contains(lower) && !lower.startsWith("kafka-")) {
                values.forEach(v -> headers.add(new RequestBodies.Header(lower, v)));
              }
            });
    return new RequestBodies.ProduceMessage(
        topic, null, null, query.get("key"), new String(body, StandardCharsets.UTF_8), headers);
  }

  private static Credentials credentials(
      Headers headers, Routes.Match match, Map<String, String> query) {
    String authorization = headers.getFirst("Authorization");
    if (authorization == null
        && match.route() == Routes.Route.WEBHOOK
        && query.containsKey("user")) {
      // Upstash's webhook takes ?user=&pass= for senders that cannot do Basic authentication.
      return new Credentials(query.get("user"), query.get("pass"));
    }
    return Credentials.fromBasicHeader(authorization);
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(config.maxBodyBytes() + 1);
    if (body.length > config.maxBodyBytes()) {
      throw new GatewayException(413, "body is larger than " + config.maxBodyBytes() + " bytes");
    }
    return body;
  }

  private static long timeout(Map<String, String> query, long defaultMs) {
    Long value = longParam(query, "timeout");
    return value == null ? defaultMs : value;
  }

  private static Long longParam(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      return null;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw GatewayException.badRequest(
        name + " must be a non-negative number of milliseconds, got " + value);
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> result = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return result;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      result.putIfAbsent(name, value);
    }
    return result;
  }

  private static byte[] error(String message, int status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message == null ? "error" : message);
    body.put("status", status);
    return json(body);
  }

  static byte[] json(Object value) {
    try {
      return RequestBodies.JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    if (!headers.containsKey("Content-Type")) {
      headers.set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    clients.close();
    executor.shutdownNow();
  }
}
