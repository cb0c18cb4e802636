package io.serverlesskafka.devcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.TopicUsage;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quotas and usage metering against real Kafka brokers (the local cluster: API server, local
 * Strimzi, the operator). Two brokers, so that a topic's leaders are spread and a scale-up adds a
 * broker that leads nothing.
 */
class ServerlessExtrasIT {
  private static final int MIB = 1_048_576;
  private static final int PER_LEADER_QUOTA =
      (int)
          Math.ceil(MIB * io.serverlesskafka.operator.model.TopicModel.QUOTA_WINDOW_CORRECTION / 2);

  /**
   * Kafka measures a quota over quota.window.num (11) samples of one second and, for a client that
   * was idle, over at least ten seconds: a fresh producer may burst until that window is full, so
   * the steady rate is measured after it.
   */
  private static final Duration WARM_UP = Duration.ofSeconds(12);

  static LocalCluster cluster;
  static KubernetesClient client;
  static final String TENANT = "team-x";

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory("skafka-extras");
    cluster =
        new LocalCluster(work, 0, m -> System.out.println("[local cluster] " + m))
            .withOperatorConfig(c -> c.withUsageInterval(Duration.ofSeconds(2)))
            .start(2, Duration.ofMinutes(3));
    client = cluster.client();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(TENANT).endMetadata().build())
        .serverSideApply();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void applyTopic(String name, String spec) {
    String yaml =
        """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessTopic
        metadata: { name: %s, namespace: %s }
        spec:
        %s
        """
            .formatted(name, TENANT, spec.indent(2));
    client
        .resource(client.getKubernetesSerialization().unmarshal(yaml, ServerlessTopic.class))
        .serverSideApply();
    await("ServerlessTopic " + name + " Ready")
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              ServerlessTopic t =
                  client.resources(ServerlessTopic.class).inNamespace(TENANT).withName(name).get();
              return t != null
                  && t.getStatus() != null
                  && t.getStatus().getConditions().stream()
                      .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });
  }

  private static Map<String, Object> clientProperties(String topic) {
    Secret secret = client.secrets().inNamespace(TENANT).withName(topic + "-kafka").get();
    java.util.Properties file = new java.util.Properties();
    try {
      file.load(
          new java.io.StringReader(
              new String(
                  Base64.getDecoder().decode(secret.getData().get("client.properties")),
                  StandardCharsets.UTF_8)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, Object> props = new HashMap<>();
    file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
    return props;
  }

  private static KafkaProducer<byte[], byte[]> producer(String topic) {
    Map<String, Object> props = clientProperties(topic);
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2 * MIB);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Produces as fast as the producer can for warm-up plus window, and returns the bytes/s
   * acknowledged in the window.
   */
  private static double producedRate(String topic, Duration warmUp, Duration window) {
    AtomicLong acked = new AtomicLong();
    byte[] value = new byte[8 * 1024];
    try (KafkaProducer<byte[], byte[]> producer = producer(topic)) {
      String kafkaTopic = TENANT + "." + topic;
      long start = System.nanoTime();
      long windowStart = start + warmUp.toNanos();
      long windowEnd = windowStart + window.toNanos();
      while (System.nanoTime() < windowEnd) {
        producer.send(
            new ProducerRecord<>(kafkaTopic, value),
            (md, e) -> {
              long now = System.nanoTime();
              if (e == null && now >= windowStart && now < windowEnd) {
                acked.addAndGet(value.length);
              }
            });
      }
      producer.flush();
    }
    return acked.get() / (window.toNanos() / 1e9);
  }

  private static int perLeaderQuota(long leaders) {
    return (int)
        Math.ceil(
            MIB * io.serverlesskafka.operator.model.TopicModel.QUOTA_WINDOW_CORRECTION / leaders);
  }

  private static long leadersOf(String topic) throws Exception {
    var admin =
        cluster
            .strimzi()
            .cluster(LocalCluster.DEFAULT_CLUSTER_NAMESPACE, LocalCluster.DEFAULT_CLUSTER_NAME)
            .orElseThrow()
            .admin()
            .admin();
    String kafkaTopic = TENANT + "." + topic;
    return admin
        .describeTopics(List.of(kafkaTopic))
        .allTopicNames()
        .get()
        .get(kafkaTopic)
        .partitions()
        .stream()
        .map(p -> p.leader().id())
        .distinct()
        .count();
  }

  private static Integer producerQuota(String topic) {
    KafkaUser user =
        client
            .resources(KafkaUser.class)
            .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
            .withName(TENANT + "." + topic)
            .get();
    return user.getSpec().getQuotas().getProducerByteRate();
  }

  @Test
  void producerIsHeldWithinTenPercentOfItsLimitBeforeAndAfterAScaleUp() {
    applyTopic(
        "throttled",
        """
        partitions: 2
        replicationFactor: 1
        throughput: { ingressMiBps: 1, egressMiBps: 1 }
        """);
    // two partitions led by the two brokers: half of the limit on each
    await("quota split across the 2 leaders")
        .atMost(Duration.ofSeconds(90))
        .until(() -> producerQuota("throttled") == PER_LEADER_QUOTA);

    double before = producedRate("throttled", WARM_UP, Duration.ofSeconds(10));
    System.out.printf("throttled producer before scale-up: %.0f B/s (limit %d)%n", before, MIB);
    assertThat(before)
        .as("producer rate before scale-up, limit 1 MiB/s")
        .isBetween(0.9 * MIB, 1.1 * MIB);

    Edits.edit(
        client
            .resources(ServerlessKafka.class)
            .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
            .withName(LocalCluster.DEFAULT_CLUSTER_NAME),
        k -> {
          k.getSpec().getBrokers().setMin(3);
          return k;
        });
    await("third broker ready")
        .atMost(Duration.ofSeconds(180))
        .until(
            () -> {
              ServerlessKafka k =
                  client
                      .resources(ServerlessKafka.class)
                      .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
                      .withName(LocalCluster.DEFAULT_CLUSTER_NAME)
                      .get();
              return k.getStatus() != null
                  && Integer.valueOf(3).equals(k.getStatus().getReadyBrokers());
            });
    // The operator fills the new broker, which may move a partition or a leadership of this topic
    // onto it; the
    // limit is then divided by the brokers that lead the topic's partitions after the move,
    // whatever they are.
    await("the new broker filled")
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              var r =
                  client
                      .resources(ServerlessKafka.class)
                      .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
                      .withName(LocalCluster.DEFAULT_CLUSTER_NAME)
                      .get()
                      .getStatus()
                      .getRebalance();
              return r != null
                  && "FillNewBrokers".equals(r.getReason())
                  && "Completed".equals(r.getPhase());
            });
    await("quota re-applied over the topic's leaders after the scale-up")
        .ignoreExceptions()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(90))
        .until(() -> producerQuota("throttled") == perLeaderQuota(leadersOf("throttled")));

    double after = producedRate("throttled", WARM_UP, Duration.ofSeconds(10));
    System.out.printf("throttled producer after scale-up: %.0f B/s (limit %d)%n", after, MIB);
    assertThat(after)
        .as("producer rate after scale-up, limit 1 MiB/s")
        .isBetween(0.9 * MIB, 1.1 * MIB);
  }

  private static void produce(String topic, int records, int size) {
    try (KafkaProducer<byte[], byte[]> producer = producer(topic)) {
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(TENANT + "." + topic, new byte[size]));
      }
      producer.flush();
    }
  }

  private static long consume(String topic, String group, long bytes) {
    Map<String, Object> props = clientProperties(topic);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, TENANT + "." + topic + "_" + group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long consumed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(TENANT + "." + topic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (consumed < bytes && System.currentTimeMillis() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          consumed += r.value().length;
        }
        consumer.commitSync();
      }
    }
    return consumed;
  }

  private static void awaitRecords(String topic, long in, long out) {
    await("usage metered: " + in + " records in, " + out + " out")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              TopicUsage u = usage(topic);
              return u != null
                  && Long.valueOf(in).equals(u.getRecordsIn())
                  && Long.valueOf(out).equals(u.getRecordsOut());
            });
  }

  @Test
  void meteredBytesInAndOutAreWithinTwoPercentOfWhatWasProducedAndConsumedAcrossAnOperatorRestart()
      throws Exception {
    Edits.edit(
        client
            .resources(ServerlessKafka.class)
            .inNamespace(LocalCluster.DEFAULT_CLUSTER_NAMESPACE)
            .withName(LocalCluster.DEFAULT_CLUSTER_NAME),
        k -> {
          var pricing = new io.serverlesskafka.api.v1alpha1.Pricing();
          pricing.setPerGiBIn(10.0);
          pricing.setPerGiBOut(5.0);
          pricing.setCurrency("EUR");
          k.getSpec().setPricing(pricing);
          return k;
        });
    applyTopic("metered", "partitions: 3\nreplicationFactor: 1");
    int records = 3_000;
    int size = 4096;
    long payload = (long) records * size;
    produce("metered", records, size);
    assertThat(consume("metered", "reader", payload)).isEqualTo(payload);
    awaitRecords("metered", records, records);
    TopicUsage u = usage("metered");
    System.out.printf(
        "metered: bytesIn %d bytesOut %d stored %d, payload %d, cost %.6f %s%n",
        u.getBytesIn(), u.getBytesOut(), u.getStoredBytes(), payload, u.getCost(), u.getCurrency());
    assertThat(u.getBytesIn().doubleValue())
        .as("bytes in vs produced")
        .isBetween(0.98 * payload, 1.02 * payload);
    assertThat(u.getBytesOut().doubleValue())
        .as("bytes out vs consumed")
        .isBetween(0.98 * payload, 1.02 * payload);
    assertThat(u.getStoredBytes().doubleValue())
        .as("stored bytes")
        .isBetween(0.98 * payload, 1.02 * payload);
    double gib = 1024.0 * 1024 * 1024;
    assertThat(u.getCost())
        .as("cost: 10/GiB in, 5/GiB out")
        .isBetween(0.98 * 15 * payload / gib, 1.02 * 15 * payload / gib);
    assertThat(u.getCurrency()).isEqualTo("EUR");
    var wide =
        new io.serverlesskafka.localkube.Kubectl(cluster.kubeconfig())
            .run(null, "get", "stopic", "metered", "-n", TENANT, "-o", "wide");
    assertThat(wide.output())
        .as("usage in kubectl get")
        .contains("COST", "BYTES IN", "BYTES OUT", "STORED", "CURRENCY", "EUR");

    // A restarted operator continues from status.usage: nothing counted twice, nothing lost.
    cluster.restartOperator();
    produce("metered", 1_000, size);
    assertThat(consume("metered", "reader", 1_000L * size)).isEqualTo(1_000L * size);
    awaitRecords("metered", records + 1_000, records + 1_000);
    long total = (long) (records + 1_000) * size;
    TopicUsage after = usage("metered");
    System.out.printf(
        "metered after restart: bytesIn %d bytesOut %d, payload %d%n",
        after.getBytesIn(), after.getBytesOut(), total);
    assertThat(after.getBytesIn().doubleValue())
        .as("bytes in after restart")
        .isBetween(0.98 * total, 1.02 * total);
    assertThat(after.getBytesOut().doubleValue())
        .as("bytes out after restart")
        .isBetween(0.98 * total, 1.02 * total);
    assertThat(after.getSince()).isEqualTo(u.getSince());
  }

  @Test
  void usageIsExportedAsPrometheusCounters() throws Exception {
    applyTopic("exported", "partitions: 1\nreplicationFactor: 1");
    produce("exported", 100, 1000);
    awaitRecords("exported", 100, 0);
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + cluster.metricsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .containsPattern(
            "serverless_kafka_topic_records_in_total\\{cluster=\"kafka/shared\",namespace=\""
                + TENANT
                + "\",topic=\"exported\"} 100");
  }

  @Test
  void anOnDemandClusterHibernatesWhenItsLastTopicGoesAndWakesUpForTheNextOne() {
    String ns = "kafka-lazy";
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .serverSideApply();
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: lazy, namespace: %s }
        spec:
          provisioning: OnDemand
          idleAfter: 0s
          brokers: { min: 1, max: 1 }
          controllers: { replicas: 1 }
          topicDefaults: { replicationFactor: 1 }
          allowedTopics: { namespaces: { from: All } }
        """
                        .formatted(ns),
                    ServerlessKafka.class))
        .serverSideApply();
    await("a new OnDemand cluster hibernates")
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True/Hibernating".equals(readyState(ns, "lazy")));
    assertThat(cluster.strimzi().cluster(ns, "lazy")).as("no Kafka process runs").isEmpty();

    applyTopic("wake-1", "cluster: " + ns + "/lazy\npartitions: 1");
    produce("wake-1", 10, 100);
    assertThat(consume("wake-1", "wake-1-reader", 1000)).isEqualTo(1000);
    Path data = cluster.stateFile().getParent().resolve("kafka").resolve(ns).resolve("lazy");
    assertThat(data).as("the woken cluster's data directory").isDirectory();

    client.resources(ServerlessTopic.class).inNamespace(TENANT).withName("wake-1").delete();
    await("the last topic gone, the cluster hibernates: no process, no data")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              assertThat(readyState(ns, "lazy")).isEqualTo("True/Hibernating");
              assertThat(cluster.strimzi().cluster(ns, "lazy")).isEmpty();
              assertThat(data).doesNotExist();
            });
    ServerlessKafka hibernating =
        client.resources(ServerlessKafka.class).inNamespace(ns).withName("lazy").get();
    assertThat(hibernating.getStatus().getReadyBrokers()).isZero();
    assertThat(hibernating.getStatus().getBootstrapServers()).isNull();
    String firstWakeUp = hibernating.getStatus().getLastWakeUp().getStartedAt();

    applyTopic("wake-2", "cluster: " + ns + "/lazy\npartitions: 1");
    produce("wake-2", 10, 100);
    assertThat(consume("wake-2", "wake-2-reader", 1000)).isEqualTo(1000);
    var wakeUp =
        client
            .resources(ServerlessKafka.class)
            .inNamespace(ns)
            .withName("lazy")
            .get()
            .getStatus()
            .getLastWakeUp();
    System.out.printf(
        "OnDemand wake-up on the local cluster: cold start %d s (%s -> %s)%n",
        wakeUp.getColdStartSeconds(), wakeUp.getStartedAt(), wakeUp.getReadyAt());
    assertThat(wakeUp.getStartedAt()).as("a second wake-up").isNotEqualTo(firstWakeUp);
    assertThat(wakeUp.getReadyAt()).isNotNull();
    assertThat(wakeUp.getColdStartSeconds())
        .as("brokers take time to start")
        .isPositive()
        .isEqualTo(
            Duration.between(
                    java.time.Instant.parse(wakeUp.getStartedAt()),
                    java.time.Instant.parse(wakeUp.getReadyAt()))
                .toSeconds());
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .extracting(e -> e.getReason())
        .contains("Hibernating", "WakingUp", "WokeUp");
    client.resources(ServerlessTopic.class).inNamespace(TENANT).withName("wake-2").delete();
  }

  private static String readyState(String ns, String name) {
    ServerlessKafka k =
        client.resources(ServerlessKafka.class).inNamespace(ns).withName(name).get();
    if (k == null || k.getStatus() == null || k.getStatus().getConditions() == null) {
      return null;
    }
    return k.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse(null);
  }

  private static TopicUsage usage(String topic) {
    ServerlessTopic t =
        client.resources(ServerlessTopic.class).inNamespace(TENANT).withName(topic).get();
    return t == null || t.getStatus() == null ? null : t.getStatus().getUsage();
  }
}
