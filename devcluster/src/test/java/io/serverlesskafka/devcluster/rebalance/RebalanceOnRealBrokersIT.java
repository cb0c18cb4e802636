package io.serverlesskafka.devcluster.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.serverlesskafka.autoscaler.rebalance.BrokerLimits;
import io.serverlesskafka.autoscaler.rebalance.ClusterModel;
import io.serverlesskafka.autoscaler.rebalance.PlannerSettings;
import io.serverlesskafka.autoscaler.rebalance.RebalancePlanner;
import io.serverlesskafka.autoscaler.rebalance.RebalanceResult;
import io.serverlesskafka.devcluster.kafka.LocalKafkaCluster;
import io.serverlesskafka.operator.rebalance.ClusterModelReader;
import io.serverlesskafka.operator.rebalance.ExecutionProgress;
import io.serverlesskafka.operator.rebalance.ExecutorSettings;
import io.serverlesskafka.operator.rebalance.KafkaPartitionMover;
import io.serverlesskafka.operator.rebalance.ReassignmentExecutor;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planner and the executor on real brokers while a producer writes with acks=all: a skewed
 * layout is balanced, a broker is drained so that Strimzi's rule lets it go, and every record
 * written is read back.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class RebalanceOnRealBrokersIT {
  static LocalKafkaCluster kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka =
        LocalKafkaCluster.builder(Files.createTempDirectory("rebalance-it"))
            .brokerIds(List.of(1, 2, 3))
            // Internal topics must fit the cluster that is left after the drain, as the operator
            // configures them.
            .replicationFactor(2)
            .build();
    kafka.start();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static Map<Integer, Integer> replicasPerBroker() {
    Map<Integer, Integer> counts = new HashMap<>();
    kafka.brokerIds().forEach(b -> counts.put(b, kafka.admin().partitionsOnBroker(b).size()));
    return counts;
  }

  private static ExecutionProgress execute(RebalanceResult plan) throws InterruptedException {
    ReassignmentExecutor executor =
        new ReassignmentExecutor(
            new KafkaPartitionMover(kafka.admin().admin()),
            Clock.systemUTC(),
            d -> Thread.sleep(d.toMillis()));
    return executor.execute(
        plan.plan(),
        new ExecutorSettings(4, 50L << 20, Duration.ofMinutes(2), Duration.ofMillis(300)),
        p -> {});
  }

  private static Set<String> readAll(Set<String> expected) {
    Set<String> read = new HashSet<>();
    Map<String, Object> props = new HashMap<>(kafka.adminProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "verify");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of("skewed"));
      long deadline = System.currentTimeMillis() + 60_000;
      do {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> read.add(r.value()));
      } while (!read.containsAll(expected) && System.currentTimeMillis() < deadline);
    }
    return read;
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void snapshotCommandWritesTheLiveModelForPlan(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path config = dir.resolve("admin.properties");
    StringBuilder props = new StringBuilder();
    kafka
        .adminProperties()
        .forEach(
            (k, v) -> {
              if (!k.equals("bootstrap.servers")) {
                props.append(k).append('=').append(v).append('\n');
              }
            });
    Files.writeString(config, props);
    java.nio.file.Path out = dir.resolve("snapshot.json");
    int exit =
        new picocli.CommandLine(new io.serverlesskafka.operator.cli.SnapshotCommand())
            .execute(
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--command-config",
                config.toString(),
                "--output",
                out.toString(),
                "--sample-seconds",
                "0");
    assertThat(exit).isZero();
    ClusterModel model = new io.serverlesskafka.autoscaler.rebalance.SnapshotReader().read(out);
    assertThat(model.brokers()).extracting(b -> b.id()).containsAll(kafka.brokerIds());
    int bad =
        new picocli.CommandLine(new io.serverlesskafka.operator.cli.SnapshotCommand())
            .execute(
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--command-config",
                dir.resolve("missing").toString(),
                "--output",
                out.toString());
    assertThat(bad).isEqualTo(2);
  }

  @Test
  // Last: its consumer group's offsets weigh on the disk balance the layout test checks exactly.
  @org.junit.jupiter.api.Order(3)
  void theModelReaderMeasuresIngressAndEgressBetweenTwoSamples() throws Exception {
    kafka.admin().admin().createTopics(List.of(new NewTopic("rated", 1, (short) 2))).all().get();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kafka.admin().describeTopic("rated").isPresent());
    // A consumer group that has committed before the first sample, as a running consumer has.
    kafka
        .admin()
        .admin()
        .alterConsumerGroupOffsets(
            "rated-reader",
            Map.of(
                new org.apache.kafka.common.TopicPartition("rated", 0),
                new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)))
        .all()
        .get();
    ClusterModelReader reader = new ClusterModelReader(kafka.admin().admin());
    var before = reader.sample(BrokerLimits.UNLIMITED);
    int records = 2_000;
    String value = "x".repeat(1_000);
    Map<String, Object> producerProps = new HashMap<>(kafka.adminProperties());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>("rated", value));
      }
      producer.flush();
    }
    Map<String, Object> consumerProps = new HashMap<>(kafka.adminProperties());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "rated-reader");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    int read = 0;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("rated"));
      long deadline = System.currentTimeMillis() + 60_000;
      while (read < records && System.currentTimeMillis() < deadline) {
        read += consumer.poll(Duration.ofMillis(500)).count();
      }
      consumer.commitSync();
    }
    assertThat(read).isEqualTo(records);
    var after = reader.sample(BrokerLimits.UNLIMITED);
    double seconds = Duration.between(before.time(), after.time()).toMillis() / 1000.0;
    var rated =
        ClusterModelReader.model(after, before).partitions().stream()
            .filter(p -> p.topic().equals("rated"))
            .findFirst()
            .orElseThrow();
    double produced = (double) records * value.length();
    System.out.printf(
        "measured over %.1f s: in %.0f B, out %.0f B, payload %.0f B%n",
        seconds,
        rated.ingressBytesPerSec() * seconds,
        rated.egressBytesPerSec() * seconds,
        produced);
    // Stored bytes include record and batch headers: a little more than the payload.
    assertThat(rated.ingressBytesPerSec() * seconds)
        .as("bytes in")
        .isBetween(0.99 * produced, 1.10 * produced);
    assertThat((double) rated.egressBytesPerSec())
        .as("one group read every record once")
        .isCloseTo(rated.ingressBytesPerSec(), org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(ClusterModelReader.model(after, null).partitions())
        .allSatisfy(p -> assertThat(p.ingressBytesPerSec()).isZero());
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void balancesASkewedTopicAndDrainsABrokerWithoutLosingRecords() throws Exception {
    // All 12 partitions on brokers 1 and 2: broker 3 is empty, as after a scale-up.
    Map<Integer, List<Integer>> assignment = new HashMap<>();
    for (int p = 0; p < 12; p++) {
      assignment.put(p, p % 2 == 0 ? List.of(1, 2) : List.of(2, 1));
    }
    kafka
        .admin()
        .admin()
        .createTopics(
            List.of(new NewTopic("skewed", assignment).configs(Map.of("min.insync.replicas", "1"))))
        .all()
        .get();

    Set<String> written = ConcurrentHashMap.newKeySet();
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicReference<Throwable> producerError = new AtomicReference<>();
    Thread producer =
        new Thread(
            () -> {
              Map<String, Object> props = new HashMap<>(kafka.adminProperties());
              props.put(ProducerConfig.ACKS_CONFIG, "all");
              props.put(
                  ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
              props.put(
                  ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
              try (KafkaProducer<String, String> p = new KafkaProducer<>(props)) {
                for (int i = 0; producing.get(); i++) {
                  String v = "r-" + i;
                  p.send(new ProducerRecord<>("skewed", v, v)).get();
                  written.add(v);
                }
              } catch (Throwable t) {
                producerError.set(t);
              }
            });
    producer.start();
    Thread.sleep(1000);
    // A consumer group now, so that __consumer_offsets exists and has to be moved like any topic.
    readAll(Set.of());

    ClusterModel before =
        new ClusterModelReader(kafka.admin().admin()).read(BrokerLimits.UNLIMITED, Duration.ZERO);
    RebalanceResult fill = new RebalancePlanner().plan(before, PlannerSettings.defaults());
    assertThat(fill.plan().partitions()).isNotEmpty();
    ExecutionProgress filled = execute(fill);
    assertThat(filled.movesDone()).isEqualTo(fill.plan().partitions().size());
    Map<Integer, Integer> counts = replicasPerBroker();
    assertThat(counts.get(3))
        .as("the new broker got its share: %s", counts)
        .isGreaterThanOrEqualTo(7);
    // The planner's contract: no broker above maxImbalance (1.10) times the mean, replica counts
    // included.
    double mean = counts.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertThat(counts.values().stream().mapToInt(Integer::intValue).max().getAsInt())
        .as("balanced: %s", counts)
        .isLessThanOrEqualTo((int) Math.ceil(1.10 * mean));

    ClusterModel afterFill =
        new ClusterModelReader(kafka.admin().admin()).read(BrokerLimits.UNLIMITED, Duration.ZERO);
    RebalanceResult drain =
        new RebalancePlanner()
            .plan(afterFill, PlannerSettings.defaults().withRemoveBrokers(Set.of(3)));
    execute(drain);
    assertThat(kafka.admin().partitionsOnBroker(3)).as("drained").isEmpty();
    kafka.removeBroker(3);

    Thread.sleep(500);
    producing.set(false);
    producer.join(30_000);
    assertThat(producerError.get()).as("producer kept writing with acks=all").isNull();

    Set<String> read = readAll(written);
    assertThat(written).as("records written during the moves").hasSizeGreaterThan(50);
    List<String> missing = new ArrayList<>(written);
    missing.removeAll(read);
    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
        new HashMap<>();
    for (int p = 0; p < 12; p++) {
      latest.put(
          new org.apache.kafka.common.TopicPartition("skewed", p),
          org.apache.kafka.clients.admin.OffsetSpec.latest());
    }
    var ends = kafka.admin().admin().listOffsets(latest).all().get();
    long total = ends.values().stream().mapToLong(o -> o.offset()).sum();
    assertThat(missing)
        .as(
            "every record written is read back (written %d, read %d, log end offsets sum %d: %s)",
            written.size(), read.size(), total, ends)
        .isEmpty();
  }
}
