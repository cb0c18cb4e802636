package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.serverlesskafka.devcluster.kafka.KafkaAdminOperations;
import io.serverlesskafka.devcluster.kafka.LocalKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The gateway against real KRaft brokers with SCRAM users and ACLs as the operator sets them (topic
 * {@code team-a.orders}, user {@code team-a.orders}, groups prefixed {@code team-a.orders.}),
 * driven over HTTP as curl users and the real {@code @upstash/kafka} SDK do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIT {

  private static final String TOPIC_A = "team-a.orders";
  private static final String PASS_A = "secret \"a\" \\ with quotes";
  private static final String TOPIC_B = "team-b.events";
  private static final String PASS_B = "secret-b";

  @TempDir static Path baseDir;

  private LocalKafkaCluster cluster;
  private GatewayServer gateway;
  private GatewayServer secondReplica;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  void start() {
    // Everything logged in this JVM, Kafka's client configuration dumps included, is checked for
    // passwords.
    logs.start();
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .addAppender(logs);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka"))
        .setLevel(Level.INFO);
    cluster =
        LocalKafkaCluster.builder(baseDir)
            .brokerIds(List.of(1))
            .startTimeout(Duration.ofSeconds(120))
            .build();
    cluster.start();
    KafkaAdminOperations admin = cluster.admin();
    admin.createTopic(TOPIC_A, 3, 1, Map.of());
    admin.createTopic(TOPIC_B, 1, 1, Map.of());
    admin.upsertScramUser(TOPIC_A, PASS_A);
    admin.setAcls(TOPIC_A, TOPIC_A, TOPIC_A + "_");
    admin.upsertScramUser(TOPIC_B, PASS_B);
    admin.setAcls(TOPIC_B, TOPIC_B, TOPIC_B + "_");
    // Credentials and ACLs reach the broker through the metadata log.
    await("both users can see their topic")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                partitions(TOPIC_A, PASS_A, TOPIC_A) == 3
                    && partitions(TOPIC_B, PASS_B, TOPIC_B) == 1);
    ClientSettings kafka = ClientSettings.of(cluster.bootstrapServers());
    gateway = GatewayServer.start(GatewayConfig.defaults(kafka).withPort("127.0.0.1", 0));
    secondReplica = GatewayServer.start(GatewayConfig.defaults(kafka).withPort("127.0.0.1", 0));
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (secondReplica != null) {
      secondReplica.close();
    }
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  void producesWithGetAndPostAndFetchesTheRecordsBack() throws Exception {
    long before = endOffsets(TOPIC_A);
    JsonNode single =
        call(gateway, "GET", "/produce/" + TOPIC_A + "/hello%20kafka?key=city", null, PASS_A, 200);
    assertThat(single.get("topic").asText()).isEqualTo(TOPIC_A);
    assertThat(single.get("offset").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(single.get("timestamp").asLong()).isPositive();

    JsonNode many =
        call(
            gateway,
            "POST",
            "/produce/" + TOPIC_A,
            """
                [{"value": "v1", "partition": 1}, {"value": {"json": true}, "partition": 1, "key": "k",
                  "headers": [{"key": "h", "value": "hv"}]}]""",
            PASS_A,
            200);
    assertThat(many).hasSize(2);
    assertThat(many.get(1).get("offset").asLong())
        .isEqualTo(many.get(0).get("offset").asLong() + 1);
    JsonNode withTopic =
        call(
            gateway,
            "POST",
            "/produce",
            "{\"topic\": \"" + TOPIC_A + "\", \"value\": \"v3\"}",
            PASS_A,
            200);
    assertThat(withTopic).hasSize(1);
    assertThat(endOffsets(TOPIC_A))
        .as("end offsets grew by the records produced")
        .isEqualTo(before + 4);

    JsonNode fetched =
        call(
            gateway,
            "POST",
            "/fetch",
            "{\"topic\": \""
                + TOPIC_A
                + "\", \"partition\": 1,"
                + " \"offset\": "
                + many.get(0).get("offset").asLong()
                + "}",
            PASS_A,
            200);
    assertThat(fetched).hasSizeGreaterThanOrEqualTo(2);
    assertThat(fetched.get(0).get("value").asText()).isEqualTo("v1");
    assertThat(fetched.get(0).get("key").asText()).isEmpty();
    assertThat(fetched.get(1).get("value").asText()).isEqualTo("{\"json\":true}");
    assertThat(fetched.get(1).get("key").asText()).isEqualTo("k");
    assertThat(fetched.get(1).get("headers").get(0).get("value").asText()).isEqualTo("hv");

    JsonNode viaWebhook =
        call(
            gateway,
            "POST",
            "/webhook?topic="
                + TOPIC_A
                + "&user="
                + TOPIC_A
                + "&pass="
                + java.net.URLEncoder.encode(PASS_A, StandardCharsets.UTF_8),
            "event body",
            null,
            200);
    assertThat(viaWebhook.get("topic").asText()).isEqualTo(TOPIC_A);
  }

  @Test
  void kafkaDecidesWhoMayDoWhat() throws Exception {
    call(gateway, "GET", "/topics", null, PASS_A, 200);
    int cached = gateway.cachedCredentials();
    for (int i = 0; i < 3; i++) {
      JsonNode wrong =
          call(
              gateway,
              "GET",
              "/produce/" + TOPIC_A + "/x",
              null,
              TOPIC_A,
              "wrong-password-" + i,
              401);
      assertThat(wrong.get("status").asInt()).isEqualTo(401);
      assertThat(wrong.get("error").asText())
          .contains("Unauthorized")
          .doesNotContain("wrong-password");
    }
    assertThat(gateway.cachedCredentials())
        .as("refused credentials keep no Kafka clients")
        .isEqualTo(cached);

    JsonNode none = call(gateway, "GET", "/topics", null, null, null, 401);
    assertThat(none.get("error").asText()).contains("Basic");

    JsonNode otherTenant =
        call(gateway, "GET", "/produce/" + TOPIC_A + "/x", null, TOPIC_B, PASS_B, 403);
    assertThat(otherTenant.get("error").asText()).contains("Forbidden");
    call(
        gateway,
        "POST",
        "/fetch",
        "{\"topic\": \"" + TOPIC_A + "\", \"partition\": 0, \"offset\": 0}",
        TOPIC_B,
        PASS_B,
        403);
    call(
        gateway,
        "POST",
        "/consume/" + TOPIC_A + "_g/i1",
        "{\"topic\": \"" + TOPIC_A + "\"}",
        TOPIC_B,
        PASS_B,
        403);

    JsonNode topics = call(gateway, "GET", "/topics", null, PASS_A, 200);
    assertThat(topics.fieldNames()).toIterable().containsExactly(TOPIC_A);
    assertThat(topics.get(TOPIC_A).asInt()).isEqualTo(3);
  }

  @Test
  void servesItsOpenApiDocumentWithoutCredentials() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/openapi.yaml"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .startsWith("openapi: 3.0.3")
        .contains("/consume/{group}/{instance}/{topic}:");
  }

  @Test
  void badRequestsNameWhatIsWrong() throws Exception {
    assertThat(
            call(
                    gateway,
                    "POST",
                    "/produce/" + TOPIC_A,
                    "[{\"value\": \"ok\"}, {\"key\": \"no value\"}]",
                    PASS_A,
                    400)
                .get("error")
                .asText())
        .isEqualTo("value is required (item 1)");
    assertThat(
            call(gateway, "POST", "/produce/" + TOPIC_A, "{not json", PASS_A, 400)
                .get("error")
                .asText())
        .startsWith("body is not valid JSON");
    assertThat(
            call(
                    gateway,
                    "POST",
                    "/produce/" + TOPIC_A,
                    "{\"value\": \"x\", \"partition\": -1}",
                    PASS_A,
                    400)
                .get("error")
                .asText())
        .contains("partition must be a non-negative integer");
    assertThat(
            call(
                    gateway,
                    "POST",
                    "/consume/g/i",
                    "{\"topic\": \"" + TOPIC_A + "\"}",
                    Map.of("Kafka-Auto-Offset-Reset", "sometimes"),
                    TOPIC_A,
                    PASS_A,
                    400)
                .get("error")
                .asText())
        .contains("Kafka-Auto-Offset-Reset");
    assertThat(call(gateway, "GET", "/nope", null, PASS_A, 404).get("status").asInt())
        .isEqualTo(404);
    assertThat(call(gateway, "DELETE", "/topics", null, PASS_A, 405).get("error").asText())
        .contains("GET");
  }

  @Test
  void aRetriedProduceWithTheSameIdempotencyKeyIsWrittenOnce() throws Exception {
    long before = endOffsets(TOPIC_A);
    String body = "{\"value\": \"once\"}";
    Map<String, String> key = Map.of("Idempotency-Key", "order-42");
    JsonNode first = call(gateway, "POST", "/produce/" + TOPIC_A, body, key, TOPIC_A, PASS_A, 200);
    JsonNode retry = call(gateway, "POST", "/produce/" + TOPIC_A, body, key, TOPIC_A, PASS_A, 200);
    assertThat(retry).isEqualTo(first);
    assertThat(endOffsets(TOPIC_A)).isEqualTo(before + 1);
    assertThat(
            call(
                    gateway,
                    "POST",
                    "/produce/" + TOPIC_A,
                    "{\"value\": \"other\"}",
                    key,
                    TOPIC_A,
                    PASS_A,
                    422)
                .get("error")
                .asText())
        .contains("different body");
  }

  @Test
  void consumerInstanceMovesBetweenReplicasWithoutSeeingCommittedRecordsAgain() throws Exception {
    String group = "moving";
    Map<String, String> headers = Map.of("Kafka-Auto-Offset-Reset", "earliest");
    String consumeBody = "{\"topic\": \"" + TOPIC_B + "\", \"timeout\": 2000}";
    List<String> produced = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      produced.add("first-" + i);
    }
    produceAll(TOPIC_B, PASS_B, produced);
    List<String> seen = new ArrayList<>();
    await("replica 1 returns the first records")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              consumeInto(gateway, group, consumeBody, headers, seen);
              return seen.size() >= 5;
            });
    List<String> second = List.of("second-0", "second-1", "second-2");
    produceAll(TOPIC_B, PASS_B, second);
    // Replica 2 takes the same instance over: it continues after what replica 1 returned
    // (auto-commit).
    List<String> seenOnSecond = new ArrayList<>();
    await("replica 2 returns the next records")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              consumeInto(secondReplica, group, consumeBody, headers, seenOnSecond);
              return seenOnSecond.size() >= 3;
            });
    assertThat(seen).containsExactlyElementsOf(produced);
    assertThat(seenOnSecond).containsExactlyElementsOf(second);
    // And back to replica 1, whose consumer for the instance was fenced meanwhile (a round-robin
    // balancer).
    List<String> third = List.of("third-0", "third-1");
    produceAll(TOPIC_B, PASS_B, third);
    List<String> seenBackOnFirst = new ArrayList<>();
    await("replica 1 takes the instance back")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              consumeInto(gateway, group, consumeBody, headers, seenBackOnFirst);
              return seenBackOnFirst.size() >= 2;
            });
    assertThat(seenBackOnFirst).containsExactlyElementsOf(third);

    JsonNode consumers = call(gateway, "GET", "/consumers", null, TOPIC_B, PASS_B, 200);
    assertThat(consumers.toString())
        .contains("\"name\":\"moving\"")
        .contains("\"name\":\"instance-1\"");
    call(gateway, "POST", "/delete-consumer/" + group + "/instance-1", null, TOPIC_B, PASS_B, 200);
    await("the instance left its group")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        call(gateway, "GET", "/consumers", null, TOPIC_B, PASS_B, 200).toString())
                    .doesNotContain("instance-1"));
  }

  @Test
  void theRealUpstashSdkProducesFetchesConsumesAndCommits() throws Exception {
    UpstashSdk sdk = UpstashSdk.install();
    UpstashSdk.Result run =
        sdk.runScript(
            Path.of("src/test/node/upstash-sdk-check.mjs"),
            Map.of(
                "GATEWAY_URL",
                "http://127.0.0.1:" + gateway.port(),
                "TOPIC",
                TOPIC_A,
                "USER_A",
                TOPIC_A,
                "PASS_A",
                PASS_A,
                "USER_B",
                TOPIC_B,
                "PASS_B",
                PASS_B));
    assertThat(run.exit()).as(run.output()).isZero();
    JsonNode result = RequestBodies.JSON.readTree(run.lastLine());

    JsonNode produced = result.get("produced");
    assertThat(produced.get("topic").asText()).isEqualTo(TOPIC_A);
    assertThat(result.get("producedMany")).hasSize(3);
    JsonNode fetchedFirst = result.get("fetched").get(0);
    assertThat(fetchedFirst.get("offset").asLong()).isEqualTo(produced.get("offset").asLong());
    assertThat(fetchedFirst.get("value").asText()).isEqualTo("{\"hello\":\"sdk\"}");
    assertThat(fetchedFirst.get("key").asText()).isEqualTo("k1");
    assertThat(fetchedFirst.get("headers").get(0).get("key").asText()).isEqualTo("trace");
    assertThat(result.get("consumed").size()).isGreaterThanOrEqualTo(4);
    assertThat(result.get("committed")).isEqualTo(result.get("committedRequested"));
    assertThat(result.get("topics").get(TOPIC_A).asInt()).isEqualTo(3);
    assertThat(result.get("wrongPassword").get("status").asInt()).isEqualTo(401);
    assertThat(result.get("otherTenant").get("status").asInt()).isEqualTo(403);
    assertThat(result.get("otherTenantFetch").get("status").asInt()).isEqualTo(403);

    // What the SDK committed is what Kafka has for the group (named with the user's prefix).
    try (Admin admin = Admin.create(cluster.adminProperties())) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(TOPIC_A + "_sdk-group")
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      for (JsonNode c : result.get("committedRequested")) {
        assertThat(committed.get(new TopicPartition(TOPIC_A, c.get("partition").asInt())).offset())
            .isEqualTo(c.get("offset").asLong());
      }
    }
  }

  @Test
  void repeatedWrongPasswordsAreAnsweredWith429WithoutAskingKafka() throws Exception {
    // A replica of its own: the lock-out lasts a minute and must not reach the other tests' logins.
    GatewayServer replica =
        GatewayServer.start(
            GatewayConfig.defaults(ClientSettings.of(cluster.bootstrapServers()))
                .withPort("127.0.0.1", 0));
    try {
      call(replica, "GET", "/topics", null, TOPIC_A, PASS_A, 200);
      for (int i = 0; i < 5; i++) {
        call(replica, "GET", "/topics", null, TOPIC_B, "wrong-password-b" + i, 401);
      }
      HttpResponse<String> locked =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/topics"))
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString(
                                  (TOPIC_B + ":" + PASS_B).getBytes(StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(locked.statusCode()).as(locked.body()).isEqualTo(429);
      assertThat(locked.headers().firstValueAsLong("Retry-After").orElseThrow()).isBetween(1L, 60L);
      assertThat(RequestBodies.JSON.readTree(locked.body()).get("status").asInt()).isEqualTo(429);
      assertThat(RequestBodies.JSON.readTree(locked.body()).get("error").asText())
          .contains("Too many failed logins");
      // a tenant whose clients are open is not affected by someone else's guessing from the same
      // address
      call(replica, "GET", "/topics", null, TOPIC_A, PASS_A, 200);
    } finally {
      replica.close();
    }
  }

  @Test
  void theExampleInExamplesRunsAsWritten() throws Exception {
    Path example =
        Path.of(System.getProperty("project.root", ".."), "examples", "gateway", "upstash-sdk.mjs");
    UpstashSdk.Result run =
        UpstashSdk.install()
            .runScript(
                example,
                Map.of(
                    "KAFKA_REST_URL",
                    "http://127.0.0.1:" + gateway.port(),
                    "KAFKA_REST_USERNAME",
                    TOPIC_A,
                    "KAFKA_REST_PASSWORD",
                    PASS_A,
                    "TOPIC",
                    TOPIC_A));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("produced to partition")
        .contains("fetched: {\"order\":42,\"item\":\"book\"}")
        .containsPattern("consumed [1-9]\\d* message")
        .containsPattern("committed: \\d+@\\d+");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void noPasswordReachedTheLogs() {
    assertThat(logs.list).as("log events seen").isNotEmpty();
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      StringBuilder text = new StringBuilder(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append(' ').append(t.getMessage());
      }
      assertThat(text.toString())
          .doesNotContain(PASS_A)
          .doesNotContain(PASS_B)
          .doesNotContain("wrong-password-");
    }
  }

  private void consumeInto(
      GatewayServer replica,
      String group,
      String body,
      Map<String, String> headers,
      List<String> seen)
      throws Exception {
    for (JsonNode m :
        call(
            replica,
            "POST",
            "/consume/" + group + "/instance-1",
            body,
            headers,
            TOPIC_B,
            PASS_B,
            200)) {
      seen.add(m.get("value").asText());
    }
  }

  private JsonNode call(
      GatewayServer replica, String method, String path, String body, String password, int status)
      throws Exception {
    return call(replica, method, path, body, Map.of(), TOPIC_A, password, status);
  }

  private JsonNode call(
      GatewayServer replica,
      String method,
      String path,
      String body,
      String user,
      String password,
      int status)
      throws Exception {
    return call(replica, method, path, body, Map.of(), user, password, status);
  }

  private JsonNode call(
      GatewayServer replica,
      String method,
      String path,
      String body,
      Map<String, String> headers,
      String user,
      String password,
      int status)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (password != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    headers.forEach(request::header);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + " → " + response.body())
        .isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return RequestBodies.JSON.readTree(response.body());
  }

  private long endOffsets(String topic) throws Exception {
    try (Admin admin = Admin.create(cluster.adminProperties())) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      int partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get().values().stream()
          .mapToLong(i -> i.offset())
          .sum();
    }
  }

  private void produceAll(String topic, String password, List<String> values) throws Exception {
    Map<String, Object> props = new HashMap<>(cluster.clientProperties(topic, password));
    props.put("key.serializer", StringSerializer.class);
    props.put("value.serializer", StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (String value : values) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, value)).get();
      }
    }
  }

  private int partitions(String user, String password, String topic) {
    Map<String, Object> props = new HashMap<>(cluster.clientProperties(user, password));
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      return consumer.partitionsFor(topic, Duration.ofSeconds(5)).size();
    }
  }
}
