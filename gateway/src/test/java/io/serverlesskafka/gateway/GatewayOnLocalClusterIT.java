package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.devcluster.LocalCluster;
import io.serverlesskafka.devcluster.apps.LocalGateways;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The "done when", as a user of the local cluster sees it: the default cluster has {@code
 * spec.rest}, the operator writes the gateway's Deployment, Service and HPA, the local stand-in
 * runs the Deployment as a process, and a topic's Secret carries {@code rest.url}, with which
 * curl-like requests and the real {@code @upstash/kafka} SDK (the example in examples/gateway)
 * work; another tenant's credentials get 403, wrong ones 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayOnLocalClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private LocalCluster cluster;
  private KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    // The stand-in runs the gateway from this module's classes, as bin/dev does.
    System.setProperty(
        LocalGateways.CLASSPATH_PROPERTY,
        Path.of("target", "classes").toAbsolutePath()
            + ":"
            + Files.readString(Path.of("target", "classpath.txt")).strip());
    cluster =
        new LocalCluster(
                Files.createTempDirectory("gateway-local"),
                0,
                m -> System.out.println("[local cluster] " + m))
            // metering reads the gateway's /metrics every pass: short passes for the metering test
            .withOperatorConfig(c -> c.withUsageInterval(Duration.ofSeconds(2)))
            .start(1, Duration.ofMinutes(4));
    client = cluster.client();
    for (String ns : new String[] {"team-a", "team-b"}) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
    topic("team-a", "orders");
    topic("team-b", "events");
  }

  private void topic(String ns, String name) {
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec: { partitions: 2, replicationFactor: 1 }
        """
                        .formatted(name, ns),
                    ServerlessTopic.class))
        .serverSideApply();
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    System.clearProperty(LocalGateways.CLASSPATH_PROPERTY);
  }

  private Map<String, String> secret(String ns, String name) {
    await("Secret " + ns + "/" + name + "-kafka with rest.url of the running gateway")
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              Secret s = client.secrets().inNamespace(ns).withName(name + "-kafka").get();
              return s != null
                  && s.getData().containsKey("rest.url")
                  && decode(s.getData().get("rest.url")).startsWith("http://127.0.0.1:");
            });
    Map<String, String> data =
        client.secrets().inNamespace(ns).withName(name + "-kafka").get().getData();
    return Map.of(
        "url",
        decode(data.get("rest.url")),
        "user",
        decode(data.get("username")),
        "pass",
        decode(data.get("password")),
        "topic",
        decode(data.get("topic")));
  }

  private static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  private HttpResponse<String> call(
      String method, String url, String user, String pass, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void operatorWritesTheGatewayAndATopicSecretLeadsToIt() throws Exception {
    Map<String, String> a = secret("team-a", "orders");
    Map<String, String> b = secret("team-b", "events");
    ServerlessKafka shared =
        client.resources(ServerlessKafka.class).inNamespace("kafka").withName("shared").get();
    assertThat(shared.getStatus().getRestUrl()).isEqualTo(a.get("url"));
    Deployment deployment =
        client.apps().deployments().inNamespace("kafka").withName("shared-rest").get();
    // TLS listener: the gateway trusts the cluster CA, mounted from Strimzi's Secret
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("SASL_SSL", "--truststore-pem");
    HorizontalPodAutoscaler hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace("kafka")
            .withName("shared-rest")
            .get();
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);

    // curl -u "$USER:$PASS" "$REST_URL/produce/<topic>/hello"
    HttpResponse<String> produced =
        call(
            "GET",
            a.get("url") + "/produce/" + a.get("topic") + "/hello",
            a.get("user"),
            a.get("pass"),
            null);
    assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(produced.body());
    assertThat(result.get("topic").asText()).isEqualTo("team-a.orders");
    assertThat(result.get("offset").asLong()).isGreaterThanOrEqualTo(0);
    HttpResponse<String> fetched =
        call(
            "POST",
            a.get("url") + "/fetch",
            a.get("user"),
            a.get("pass"),
            "{\"topic\":\"team-a.orders\",\"partition\":"
                + result.get("partition").asInt()
                + ",\"offset\":"
                + result.get("offset").asLong()
                + "}");
    assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
    assertThat(JSON.readTree(fetched.body()).get(0).get("value").asText()).isEqualTo("hello");

    HttpResponse<String> otherTenant =
        call(
            "GET",
            a.get("url") + "/produce/team-a.orders/hello",
            b.get("user"),
            b.get("pass"),
            null);
    assertThat(otherTenant.statusCode()).as(otherTenant.body()).isEqualTo(403);
    assertThat(JSON.readTree(otherTenant.body()).get("status").asInt()).isEqualTo(403);
    HttpResponse<String> wrong =
        call(
            "GET",
            a.get("url") + "/produce/team-a.orders/hello",
            a.get("user"),
            "wrong-password",
            null);
    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
    HttpResponse<String> badBody =
        call(
            "POST",
            a.get("url") + "/produce/team-a.orders",
            a.get("user"),
            a.get("pass"),
            "{\"key\":\"k\"}");
    assertThat(badBody.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badBody.body()).get("error").asText()).contains("value is required");
  }

  @Test
  @Order(2)
  void theSdkExampleRunsWithTheSecretAsItIs() throws Exception {
    Map<String, String> a = secret("team-a", "orders");
    Path example =
        Path.of(System.getProperty("project.root", ".."), "examples", "gateway", "upstash-sdk.mjs");
    UpstashSdk.Result run =
        UpstashSdk.install()
            .runScript(
                example,
                Map.of(
                    "KAFKA_REST_URL",
                    a.get("url"),
                    "KAFKA_REST_USERNAME",
                    a.get("user"),
                    "KAFKA_REST_PASSWORD",
                    a.get("pass"),
                    "TOPIC",
                    a.get("topic")));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("produced to partition")
        .containsPattern("consumed [1-9]\\d* message")
        .containsPattern("committed: \\d+@\\d+");
  }

  /**
   * Item 7 of the issue: requests and records per topic reach status.usage, the operator's metrics
   * and the showback cost at spec.pricing.per100kRequests; a restarted gateway (counters at 0, a
   * new instance id) neither loses what was read before nor counts it twice.
   */
  @Test
  @Order(3)
  void requestsAndRecordsThroughTheGatewayAreMeteredPerTopicAndPriced() throws Exception {
    client
        .resources(ServerlessKafka.class)
        .inNamespace("kafka")
        .withName("shared")
        .edit(
            k -> {
              io.serverlesskafka.api.v1alpha1.Pricing pricing =
                  new io.serverlesskafka.api.v1alpha1.Pricing();
              pricing.setPer100kRequests(1000.0); // 0.01 a request
              k.getSpec().setPricing(pricing);
              return k;
            });
    // team-b's credentials made only a refused request so far (403 in the first test): not counted
    Map<String, String> b = secret("team-b", "events");
    String url = b.get("url");
    String batch = "[{\"value\":\"a\"},{\"value\":\"b\"},{\"value\":\"c\"}]";
    JsonNode first = null;
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r =
          call("POST", url + "/produce/team-b.events", b.get("user"), b.get("pass"), batch);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      first = first == null ? JSON.readTree(r.body()).get(0) : first;
    }
    HttpResponse<String> fetched =
        call(
            "POST",
            url + "/fetch",
            b.get("user"),
            b.get("pass"),
            "{\"topic\":\"team-b.events\",\"partition\":"
                + first.get("partition").asInt()
                + ",\"offset\":"
                + first.get("offset").asLong()
                + "}");
    assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
    int returned = JSON.readTree(fetched.body()).size();
    assertThat(returned).isPositive();
    String before = gatewayMetrics(url);
    assertThat(before)
        .contains(
            "serverless_kafka_gateway_requests_total{route=\"produce\",user=\"team-b.events\"} 4.0\n")
        .contains(
            "serverless_kafka_gateway_records_total{direction=\"in\",topic=\"team-b.events\",user=\"team-b.events\"} 12.0\n");
    awaitGatewayUsage(5, 12, returned);
    assertThat(usage().getCost()).isCloseTo(5 * 0.01, org.assertj.core.api.Assertions.within(1e-9));
    String operatorMetrics =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + cluster.metricsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(operatorMetrics)
        .containsPattern(
            "serverless_kafka_topic_gateway_requests_total\\{cluster=\"kafka/shared\",namespace=\"team-b\",topic=\"events\"} 5")
        .containsPattern(
            "serverless_kafka_topic_gateway_records_in_total\\{cluster=\"kafka/shared\",namespace=\"team-b\",topic=\"events\"} 12");

    // The gateway process ends (as a pod would be replaced); the local kubelet stand-in starts it
    // again, with counters at 0 and a new instance id.
    String instance = instance(before);
    ProcessHandle.current()
        .descendants()
        .filter(
            p ->
                p.info().commandLine().map(c -> c.contains(LocalGateways.MAIN_CLASS)).orElse(false))
        .forEach(ProcessHandle::destroy);
    String[] restarted = new String[1];
    await("a new gateway process answers")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              restarted[0] = cluster.awaitRestUrl(Duration.ofSeconds(5));
              return !instance(gatewayMetrics(restarted[0])).equals(instance);
            });
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r =
          call(
              "GET",
              restarted[0] + "/produce/team-b.events/after-restart",
              b.get("user"),
              b.get("pass"),
              null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    awaitGatewayUsage(7, 14, returned);
    assertThat(usage().getCost()).isCloseTo(7 * 0.01, org.assertj.core.api.Assertions.within(1e-9));
  }

  private io.serverlesskafka.api.v1alpha1.TopicUsage usage() {
    ServerlessTopic t =
        client.resources(ServerlessTopic.class).inNamespace("team-b").withName("events").get();
    return t.getStatus() == null ? null : t.getStatus().getUsage();
  }

  private void awaitGatewayUsage(long requests, long recordsIn, long recordsOut) {
    await("status.usage of team-b/events counts " + requests + " gateway requests")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              var u = usage();
              assertThat(u).isNotNull();
              assertThat(u.getGatewayRequests()).isEqualTo(requests);
              assertThat(u.getGatewayRecordsIn()).isEqualTo(recordsIn);
              assertThat(u.getGatewayRecordsOut()).isEqualTo(recordsOut);
            });
  }

  private String gatewayMetrics(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static String instance(String metrics) {
    var m =
        java.util.regex.Pattern.compile("serverless_kafka_gateway_info\\{instance=\"(\\w+)\"")
            .matcher(metrics);
    assertThat(m.find()).as(metrics).isTrue();
    return m.group(1);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void turningRestOffRemovesTheGatewayAndTheUrl() throws Exception {
    String url = secret("team-a", "orders").get("url");
    client
        .resources(ServerlessKafka.class)
        .inNamespace("kafka")
        .withName("shared")
        .edit(
            k -> {
              k.getSpec().getRest().setEnabled(false);
              return k;
            });
    await("gateway objects deleted, status.restUrl and the Secret's rest.url gone")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                client.apps().deployments().inNamespace("kafka").withName("shared-rest").get()
                        == null
                    && client.services().inNamespace("kafka").withName("shared-rest").get() == null
                    && client
                            .autoscaling()
                            .v2()
                            .horizontalPodAutoscalers()
                            .inNamespace("kafka")
                            .withName("shared-rest")
                            .get()
                        == null
                    && client
                            .resources(ServerlessKafka.class)
                            .inNamespace("kafka")
                            .withName("shared")
                            .get()
                            .getStatus()
                            .getRestUrl()
                        == null
                    && !client
                        .secrets()
                        .inNamespace("team-a")
                        .withName("orders-kafka")
                        .get()
                        .getData()
                        .containsKey("rest.url"));
    await("the local gateway process stopped")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              try {
                http.send(
                    HttpRequest.newBuilder(URI.create(url + "/healthz"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding());
                return false;
              } catch (java.io.IOException e) {
                return true;
              }
            });
  }
}
