package io.serverlesskafka.devcluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
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

/**
 * One real cluster for the whole class (1 controller + 2 brokers, a third added later); the tests
 * run in order and build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalKafkaClusterTest {

  private static final String TOPIC = "orders";
  private static final int RECORDS = 500;

  @TempDir static Path baseDir;

  private LocalKafkaCluster cluster;
  private final List<ProcessHandle> allNodeProcesses = new ArrayList<>();

  @BeforeAll
  void startCluster() {
    cluster = newCluster();
    long started = System.nanoTime();
    cluster.start();
    System.out.printf(
        "1 controller + 2 brokers started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    allNodeProcesses.addAll(cluster.processes());
  }

  private LocalKafkaCluster newCluster() {
    return LocalKafkaCluster.builder(baseDir)
        .brokerIds(List.of(1, 2))
        .startTimeout(Duration.ofSeconds(120))
        .build();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
    allNodeProcesses.forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  @Order(1)
  void startsOneControllerAndTwoBrokers() {
    assertThat(cluster.brokerIds()).containsExactly(1, 2);
    assertThat(cluster.admin().brokerIds()).containsExactly(1, 2);
    assertThat(cluster.admin().clusterId()).isEqualTo(cluster.clusterId());
    assertThat(cluster.processes()).hasSize(3).allMatch(ProcessHandle::isAlive);
    assertThat(cluster.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+");
    NodeConfig controller = cluster.node(0).orElseThrow();
    assertThat(controller.isFormatted()).isTrue();
    assertThat(controller.formatArgs())
        .as("format.args holds the admin password: deleted after use")
        .doesNotExist();
    assertThat(controller.pidFile()).exists();
  }

  @Test
  @Order(2)
  void scramUserWithAclsProducesAndConsumes() throws Exception {
    KafkaAdminOperations admin = cluster.admin();
    assertThat(admin.createTopic(TOPIC, 3, 2, Map.of())).isTrue();
    assertThat(admin.createTopic(TOPIC, 3, 2, Map.of())).as("second create is a no-op").isFalse();
    admin.upsertScramUser("alice", "alice-secret");
    admin.setAcls("alice", TOPIC, "alice-");
    admin.setQuotas("alice", 1_048_576L, 2_097_152L);
    // Reads may be served by a broker that has not applied the latest metadata yet: eventually
    // consistent.
    eventually(
        "alice's ACLs and quotas",
        () -> {
          assertThat(admin.acls("alice")).hasSize(4);
          assertThat(admin.quotas("alice"))
              .containsEntry(KafkaAdminOperations.PRODUCER_BYTE_RATE, 1_048_576.0)
              .containsEntry(KafkaAdminOperations.CONSUMER_BYTE_RATE, 2_097_152.0);
        });

    Map<String, Object> producerProps = producerProps("alice", "alice-secret");
    // The credential and ACLs reach the brokers through the metadata log: retry until the user is
    // known.
    await("alice can see " + TOPIC)
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              try (var producer = new KafkaProducer<String, String>(producerProps)) {
                return producer.partitionsFor(TOPIC).size() == 3;
              }
            });
    try (var producer = new KafkaProducer<String, String>(producerProps)) {
      List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < RECORDS; i++) {
        sends.add(producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i)));
      }
      for (var send : sends) {
        send.get();
      }
    }

    Map<String, Object> consumerProps =
        new HashMap<>(cluster.clientProperties("alice", "alice-secret"));
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "alice-group");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    Set<String> values = new java.util.HashSet<>();
    int received = 0;
    try (var consumer = new KafkaConsumer<String, String>(consumerProps)) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received < RECORDS && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
          received++;
        }
      }
      // nothing more arrives
      received += consumer.poll(Duration.ofSeconds(1)).count();
    }
    assertThat(received).as("records consumed").isEqualTo(RECORDS);
    assertThat(values).hasSize(RECORDS).contains("value-0", "value-" + (RECORDS - 1));
  }

  @Test
  @Order(3)
  void userWithoutAclsIsRefused() {
    cluster.admin().upsertScramUser("mallory", "mallory-secret");
    Map<String, Object> props = producerProps("mallory", "mallory-secret");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    await("mallory is refused on " + TOPIC)
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              try (var producer = new KafkaProducer<String, String>(props)) {
                Throwable failure = sendFailure(producer);
                assertThat(failure).isInstanceOf(TopicAuthorizationException.class);
              }
            });
  }

  @Test
  @Order(4)
  void topicOperations() {
    KafkaAdminOperations admin = cluster.admin();
    admin.increasePartitions(TOPIC, 4);
    eventually(
        "4 partitions",
        () -> assertThat(admin.describeTopic(TOPIC).orElseThrow().partitions()).hasSize(4));
    assertThatThrownBy(() -> admin.increasePartitions(TOPIC, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be decreased");
    admin.alterTopicConfig(TOPIC, Map.of("retention.ms", "3600000"));
    eventually(
        "retention.ms set",
        () -> assertThat(admin.topicConfig(TOPIC)).containsEntry("retention.ms", "3600000"));
    Map<String, String> delete = new HashMap<>();
    delete.put("retention.ms", null);
    admin.alterTopicConfig(TOPIC, delete);
    eventually(
        "retention.ms deleted",
        () -> assertThat(admin.topicConfig(TOPIC)).doesNotContainKey("retention.ms"));

    assertThat(admin.createTopic("scratch", 1, 1, Map.of("cleanup.policy", "compact"))).isTrue();
    await("scratch listed")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(admin.listTopics()).contains("scratch", TOPIC));
    assertThat(admin.deleteTopic("scratch")).isTrue();
    await("scratch deleted")
        .atMost(Duration.ofSeconds(20))
        .until(() -> admin.describeTopic("scratch").isEmpty());
    assertThat(admin.deleteTopic("scratch")).isFalse();

    admin.setAcls("mallory", "other", null);
    eventually("mallory's ACLs", () -> assertThat(admin.acls("mallory")).hasSize(3));
    admin.setQuotas("mallory", 1024L, null);
    admin.deleteUser("mallory");
    eventually(
        "mallory's ACLs and quotas removed",
        () -> {
          assertThat(admin.acls("mallory")).isEmpty();
          assertThat(admin.quotas("mallory")).isEmpty();
        });
    Map<String, Object> props = producerProps("mallory", "mallory-secret");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    await("mallory can no longer authenticate")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              try (var producer = new KafkaProducer<String, String>(props)) {
                assertThat(sendFailure(producer)).isInstanceOf(SaslAuthenticationException.class);
              }
            });
  }

  @Test
  @Order(5)
  void addsAThirdBroker() {
    long started = System.nanoTime();
    cluster.addBroker(3);
    System.out.printf("broker 3 added in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    allNodeProcesses.addAll(cluster.processes());
    assertThat(cluster.brokerIds()).containsExactly(1, 2, 3);
    assertThat(cluster.admin().brokerIds()).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> cluster.addBroker(3)).isInstanceOf(IllegalArgumentException.class);
    // Broker 3 replayed the whole metadata log (including the revoked user): SCRAM works on it.
    Map<String, Object> onlyBroker3 = new HashMap<>(cluster.adminProperties());
    onlyBroker3.put("bootstrap.servers", cluster.node(3).orElseThrow().clientAddress());
    try (var admin = KafkaAdminOperations.create(onlyBroker3, Duration.ofSeconds(20))) {
      assertThat(admin.clusterId()).isEqualTo(cluster.clusterId());
    }
  }

  @Test
  @Order(6)
  void aKilledBrokerIsRestartedAsAKubeletWould() {
    ProcessHandle broker3 = cluster.process(3).orElseThrow();
    broker3.destroyForcibly();
    await("broker 3 runs again, as a new process on the same ports and data")
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                cluster.process(3).map(p -> p.pid() != broker3.pid() && p.isAlive()).orElse(false)
                    && cluster.admin().brokerIds().contains(3));
    allNodeProcesses.addAll(cluster.processes());
    assertThat(cluster.crashRestarts()).containsEntry(3, 1);
  }

  @Test
  @Order(7)
  void removesABrokerOnlyOnceItHostsNoReplicas() {
    KafkaAdminOperations admin = cluster.admin();
    assertThat(admin.partitionsOnBroker(1)).isNotEmpty();
    assertThatThrownBy(() -> cluster.removeBroker(1))
        .isInstanceOf(BrokerHasReplicasException.class)
        .hasMessageContaining("Broker 1 cannot be removed");
    assertThat(cluster.brokerIds()).contains(1);

    Map<TopicPartition, List<Integer>> moves = new HashMap<>();
    admin
        .partitionsOnBroker(1)
        .forEach(
            (tp, replicas) -> {
              List<Integer> target = new ArrayList<>(replicas);
              int replacement =
                  List.of(2, 3).stream()
                      .filter(id -> !replicas.contains(id))
                      .findFirst()
                      .orElse(-1);
              if (replacement < 0) {
                target.remove(Integer.valueOf(1));
              } else {
                target.set(target.indexOf(1), replacement);
              }
              moves.put(tp, target);
            });
    admin.reassignPartitions(moves);
    await("replicas moved off broker 1")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> admin.ongoingReassignments().isEmpty() && admin.partitionsOnBroker(1).isEmpty());

    ProcessHandle broker1 = cluster.process(1).orElseThrow();
    assertThat(broker1.info().commandLine())
        .hasValueSatisfying(
            cl ->
                assertThat(cl)
                    .contains(KafkaNodeMain.class.getName(), "broker-1")
                    .doesNotContain(".jar"));
    Path broker1Dir = cluster.node(1).orElseThrow().nodeDir();
    cluster.removeBroker(1);
    assertThat(broker1.isAlive()).isFalse();
    assertThat(broker1Dir).doesNotExist();
    assertThat(cluster.brokerIds()).containsExactly(2, 3);
    assertThat(cluster.admin().brokerIds()).containsExactly(2, 3);
    assertThat(cluster.bootstrapServers().split(",")).hasSize(2);
  }

  @Test
  @Order(8)
  void stopLeavesNoProcessAndRestartKeepsData() throws Exception {
    List<ProcessHandle> running = cluster.processes();
    assertThat(running).hasSize(3);
    long stopping = System.nanoTime();
    cluster.stop();
    System.out.printf("cluster stopped in %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
    assertThat(allNodeProcesses).noneMatch(ProcessHandle::isAlive);
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(
                    p -> p.info().commandLine().orElse("").contains(KafkaNodeMain.class.getName())))
        .isEmpty();
    assertThat(Files.list(baseDir).map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
        .contains("controller-0", "broker-2", "broker-3", "cluster.properties");

    // An earlier run's fatal startup error stays in the appended log; it must not fail this start.
    Files.writeString(
        baseDir.resolve("broker-2").resolve("server.log"),
        "Exiting Kafka due to fatal exception during startup (Address already in use)\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    // A new instance over the same directory: brokers 2 and 3 come back from disk, topic and users
    // survive.
    cluster = newCluster();
    long started = System.nanoTime();
    cluster.start();
    System.out.printf("restarted in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    allNodeProcesses.addAll(cluster.processes());
    assertThat(cluster.brokerIds()).containsExactly(1, 2, 3);
    assertThat(cluster.admin().describeTopic(TOPIC)).isPresent();
    assertThat(cluster.admin().scramUsers()).contains("alice");
    assertThat(cluster.admin().acls("alice")).hasSize(4);
    Map<String, Object> props = producerProps("alice", "alice-secret");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    try (var producer = new KafkaProducer<String, String>(props)) {
      assertThat(sendFailure(producer)).as("alice still produces after the restart").isNull();
    }
    cluster.stop();
    assertThat(allNodeProcesses).noneMatch(ProcessHandle::isAlive);
  }

  private static void eventually(String what, org.awaitility.core.ThrowingRunnable assertion) {
    await(what)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(assertion);
  }

  private Map<String, Object> producerProps(String user, String password) {
    Map<String, Object> props = new HashMap<>(cluster.clientProperties(user, password));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return props;
  }

  private static Throwable sendFailure(KafkaProducer<String, String> producer)
      throws InterruptedException {
    try {
      producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (RuntimeException e) {
      return e;
    }
  }
}
