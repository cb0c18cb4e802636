package io.serverlesskafka.devcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ListenerSettings;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tenants' traffic over TLS on real brokers (the local cluster: API server, the Strimzi stand-in,
 * the operator), used the way a tenant uses it: the topic Secret's {@code client.properties},
 * extracted to a file and given as it is to a Kafka client and to Kafka's console tools. The tests
 * run in order: the last one switches the cluster to plain text and back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantTlsIT {
  static final String TENANT = "team-tls";
  static final String TOPIC = "orders";
  static final String KAFKA_TOPIC = TENANT + "." + TOPIC;
  static LocalCluster cluster;
  static KubernetesClient client;
  static Path work;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("skafka-tls");
    cluster =
        new LocalCluster(work, 0, m -> System.out.println("[local cluster] " + m))
            .start(1, Duration.ofMinutes(3));
    client = cluster.client();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(TENANT).endMetadata().build())
        .serverSideApply();
    String yaml =
        """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec: { partitions: 1, replicationFactor: 1 }
        """
            .formatted(TOPIC, TENANT);
    client
        .resource(client.getKubernetesSerialization().unmarshal(yaml, ServerlessTopic.class))
        .serverSideApply();
    await("ServerlessTopic ready")
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              ServerlessTopic t =
                  client.resources(ServerlessTopic.class).inNamespace(TENANT).withName(TOPIC).get();
              return t != null
                  && t.getStatus() != null
                  && t.getStatus().getConditions().stream()
                      .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * What {@code kubectl get secret orders-kafka -o jsonpath='{.data.client\.properties}' | base64
   * -d > f} gives.
   */
  private static Path extractClientProperties(String fileName) throws IOException {
    Path file = work.resolve(fileName);
    Files.writeString(file, secretValue("client.properties"));
    return file;
  }

  private static String secretValue(String key) {
    Secret secret = client.secrets().inNamespace(TENANT).withName(TOPIC + "-kafka").get();
    String encoded = secret.getData().get(key);
    return encoded == null
        ? null
        : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    Map<String, Object> props = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> props.put(k, properties.getProperty(k)));
    return props;
  }

  private static void produce(Map<String, Object> clientProperties, List<String> values)
      throws Exception {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(KAFKA_TOPIC, value)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> consume(
      Map<String, Object> clientProperties, String group, int count) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, secretValue("group.prefix") + group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(KAFKA_TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (seen.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          seen.add(r.value());
        }
      }
    }
    return seen;
  }

  @Test
  @Order(1)
  void aClientConfiguredOnlyFromClientPropertiesProducesAndConsumesOverTls() throws Exception {
    Map<String, Object> props = load(extractClientProperties("client.properties"));
    assertThat(props)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.type", "PEM");
    String ca =
        client
            .secrets()
            .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
            .withName(LocalCluster.DEFAULT_CLUSTER_NAME + "-cluster-ca-cert")
            .get()
            .getData()
            .get("ca.crt");
    assertThat(secretValue("ca.crt"))
        .as("the CA Strimzi publishes")
        .isEqualTo(new String(Base64.getDecoder().decode(ca), StandardCharsets.UTF_8));

    produce(props, List.of("tls-1", "tls-2", "tls-3"));
    assertThat(consume(props, "tls-reader", 3)).containsExactly("tls-1", "tls-2", "tls-3");
  }

  @Test
  @Order(2)
  void kafkasConsoleToolsWorkWithTheExtractedClientPropertiesAsWritten() throws Exception {
    Path config = extractClientProperties("console.properties");
    String bootstrap = (String) load(config).get("bootstrap.servers");
    ToolRun produced =
        runTool(
            List.of(
                "org.apache.kafka.tools.ConsoleProducer",
                "--bootstrap-server",
                bootstrap,
                "--topic",
                KAFKA_TOPIC,
                "--producer.config",
                config.toString()),
            "console-1\nconsole-2\n");
    assertThat(produced.exitCode()).as(produced.output()).isZero();

    ToolRun consumed =
        runTool(
            List.of(
                "org.apache.kafka.tools.consumer.ConsoleConsumer",
                "--bootstrap-server",
                bootstrap,
                "--topic",
                KAFKA_TOPIC,
                "--consumer.config",
                config.toString(),
                "--group",
                secretValue("group.prefix") + "console",
                "--from-beginning",
                "--max-messages",
                "5",
                "--timeout-ms",
                "60000"),
            "");
    assertThat(consumed.exitCode()).as(consumed.output()).isZero();
    assertThat(consumed.output()).contains("tls-1", "tls-3", "console-1", "console-2");
  }

  @Test
  @Order(3)
  void aClientThatDoesNotTrustTheClusterCaIsRefused() throws Exception {
    Map<String, Object> props = load(extractClientProperties("no-ca.properties"));
    props.remove("ssl.truststore.type");
    props.remove("ssl.truststore.certificates"); // the JVM's default trust store: public CAs only
    props.put("request.timeout.ms", 10_000);
    props.put("default.api.timeout.ms", 10_000);
    try (Admin admin = Admin.create(props)) {
      assertThatThrownBy(
              () ->
                  admin
                      .describeTopics(List.of(KAFKA_TOPIC))
                      .allTopicNames()
                      .get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SslAuthenticationException.class);
    }
  }

  @Test
  @Order(4)
  void plainTextChosenForTheClusterWorksAndTlsComesBackWithTheSameCa() throws Exception {
    String caBefore = secretValue("ca.crt");
    setTls(false);
    await("the topic's Secret follows the cluster to plain text")
        .atMost(Duration.ofSeconds(120))
        .until(() -> "SASL_PLAINTEXT".equals(secretValue("security.protocol")));
    Map<String, Object> plain = load(extractClientProperties("plain.properties"));
    assertThat(plain).doesNotContainKeys("ssl.truststore.type", "ssl.truststore.certificates");
    assertThat(secretValue("ca.crt")).isNull();
    produce(plain, List.of("plain-1"));
    assertThat(consume(plain, "plain-reader", 6)).contains("tls-1", "console-2", "plain-1");

    // the brokers restart on the TLS listener with the CA kept beside their data, as across
    // restarts of bin/dev
    setTls(true);
    await("the topic's Secret follows the cluster back to TLS")
        .atMost(Duration.ofSeconds(120))
        .until(() -> "SASL_SSL".equals(secretValue("security.protocol")));
    assertThat(secretValue("ca.crt")).isEqualTo(caBefore);
    Map<String, Object> tls = load(extractClientProperties("tls-again.properties"));
    assertThat(consume(tls, "tls-again", 6)).contains("tls-1", "console-1", "plain-1");
  }

  @Test
  @Order(5)
  void binDevProduceAndConsumeUseTheTopicsSecretOverTls() {
    String kubeconfig = cluster.kubeconfig().toString();
    java.io.InputStream stdin = System.in;
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    int produced;
    int consumed;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream("dev-1\ndev-2\n".getBytes(StandardCharsets.UTF_8)));
      produced =
          new picocli.CommandLine(new ProduceCommand())
              .execute("-n", TENANT, TOPIC, "--kubeconfig", kubeconfig);
      System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
      consumed =
          new picocli.CommandLine(new ConsumeCommand())
              .execute(
                  "-n",
                  TENANT,
                  TOPIC,
                  "--kubeconfig",
                  kubeconfig,
                  "--count",
                  "8",
                  "--group",
                  "dev-cli");
    } finally {
      System.setIn(stdin);
      System.setOut(stdout);
    }
    assertThat(produced).isZero();
    assertThat(consumed).as(printed.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("tls-1", "plain-1", "dev-1", "dev-2");
  }

  private static void setTls(boolean tls) {
    Edits.edit(
        client
            .resources(ServerlessKafka.class)
            .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
            .withName(LocalCluster.DEFAULT_CLUSTER_NAME),
        k -> {
          ListenerSettings listener = new ListenerSettings();
          listener.setTls(tls);
          k.getSpec().setListener(listener);
          return k;
        });
  }

  record ToolRun(int exitCode, String output) {}

  /**
   * Runs a Kafka tool's main class in its own JVM, as kafka-run-class.sh does, with stdin given.
   */
  private static ToolRun runTool(List<String> mainAndArgs, String stdin) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path")));
    command.addAll(mainAndArgs);
    Path out = Files.createTempFile(work, "tool", ".out");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try (var in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      return new ToolRun(-1, "timed out; output:\n" + Files.readString(out));
    }
    return new ToolRun(process.exitValue(), Files.readString(out));
  }
}
