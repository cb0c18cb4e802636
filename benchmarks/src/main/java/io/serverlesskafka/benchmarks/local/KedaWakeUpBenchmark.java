package io.serverlesskafka.benchmarks.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.devcluster.LocalCluster;
import io.serverlesskafka.localkube.LocalKeda;
import java.io.StringReader;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Wake-up time of a consumer Deployment at zero (docs/benchmarks.md): on the local cluster with
 * KEDA's real operator, a topic with one consumer entry; each round sends one record to the idle
 * topic and times it until KEDA has set the Deployment's replicas to 1, then a consumer of the
 * ScaledObject's group catches up and the Deployment returns to zero. Each record is sent at a
 * random point of KEDA's polling cycle (a random pause before it), so the figure covers the whole
 * cycle rather than one phase of it. With {@code --partitions P} above 1 the consumer entry has
 * lagThreshold 1 and each round sends P records at once: KEDA wakes the Deployment to 1, and the
 * HPA KEDA created (the controller manager's HPA controller reading KEDA's metrics API server)
 * scales it to P; the time from 1 to P replicas is reported as well.
 */
@Command(
    name = "bench-keda",
    mixinStandardHelpOptions = true,
    description = "Time from the first record on an idle topic to replicas = 1.")
public final class KedaWakeUpBenchmark implements Callable<Integer> {
  private static final String NAMESPACE = "bench-keda";

  @Option(names = "--wake-ups", description = "Wake-ups measured (default: ${DEFAULT-VALUE}).")
  int wakeUps = 10;

  @Option(
      names = "--polling-interval",
      description =
          "spec.consumers[].pollingInterval in seconds (default: ${DEFAULT-VALUE}, the product's default).")
  int pollingInterval = 30;

  @Option(
      names = "--cooldown-period",
      description =
          "spec.consumers[].cooldownPeriod in seconds (default: ${DEFAULT-VALUE}, short so rounds are quick; "
              + "it does not change the wake-up time).")
  int cooldownPeriod = 5;

  @Option(
      names = "--partitions",
      description =
          "Topic partitions (default: ${DEFAULT-VALUE}). Above 1, each round sends that many records with "
              + "lagThreshold 1 and also times the HPA's scale from 1 to that many replicas.")
  int partitions = 1;

  public static void main(String[] args) {
    System.exit(new CommandLine(new KedaWakeUpBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!LocalKeda.built()) {
      System.err.println("KEDA is not built: run scripts/build-keda.sh");
      return 2;
    }
    if (partitions > 1 && !LocalKeda.adapterBuilt()) {
      System.err.println(
          "KEDA's metrics API server is not built (needed beyond 1 replica): run scripts/build-keda.sh");
      return 2;
    }
    String lagThreshold = partitions > 1 ? ", lagThreshold: 1" : "";
    Path work = Files.createTempDirectory("skafka-bench-keda");
    try (LocalCluster cluster =
        new LocalCluster(work, 0, s -> System.err.println("  " + s)).withKeda(true)) {
      cluster.start(1, Duration.ofMinutes(5));
      KubernetesClient client = cluster.client();
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .serverSideApply();
      for (HasMetadata o :
          client
              .load(
                  new java.io.ByteArrayInputStream(
                      """
          apiVersion: serverlesskafka.io/v1alpha1
          kind: ServerlessTopic
          metadata: { name: orders, namespace: %1$s }
          spec:
            partitions: %4$d
            replicationFactor: 1
            consumers: [ { deployment: worker, group: workers, pollingInterval: %2$d, cooldownPeriod: %3$d%5$s } ]
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: { name: worker, namespace: %1$s }
          spec:
            replicas: 0
            selector: { matchLabels: { app: worker } }
            template:
              metadata: { labels: { app: worker } }
              spec: { containers: [ { name: worker, image: apache/kafka:4.1.1 } ] }
          """
                          .formatted(
                              NAMESPACE, pollingInterval, cooldownPeriod, partitions, lagThreshold)
                          .getBytes(StandardCharsets.UTF_8)))
              .items()) {
        client.resource(o).inNamespace(NAMESPACE).serverSideApply();
      }
      await(
          "the topic's Secret",
          Duration.ofMinutes(3),
          () -> client.secrets().inNamespace(NAMESPACE).withName("orders-kafka").get() != null);
      Secret secret = client.secrets().inNamespace(NAMESPACE).withName("orders-kafka").get();
      Map<String, Object> settings = clientProperties(secret);
      String topic = decode(secret, "topic");
      String group = decode(secret, "group.prefix") + "workers";
      // KEDA's first checks of the idle topic: the Deployment must stay at zero
      Thread.sleep(2_000L * pollingInterval);
      if (replicas(client) != 0) {
        throw new IllegalStateException("the idle topic's Deployment was woken with no record");
      }
      List<Double> seconds = new ArrayList<>();
      List<Double> scaleOuts = new ArrayList<>();
      try (KafkaProducer<String, String> producer = producer(settings)) {
        for (int i = 1; i <= wakeUps; i++) {
          Thread.sleep(ThreadLocalRandom.current().nextLong(pollingInterval * 1000L));
          long sent = System.nanoTime();
          // one record per partition: a lag of 1 on each (the sticky partitioner would put a batch
          // on one partition; the lag counts the same either way)
          for (int p = 0; p < partitions; p++) {
            producer.send(new ProducerRecord<>(topic, p, null, "r-" + i + "-" + p)).get();
          }
          await("replicas >= 1", Duration.ofMinutes(5), () -> replicas(client) >= 1);
          long woken = System.nanoTime();
          double wake = (woken - sent) / 1e9;
          seconds.add(wake);
          String scaleOut = "";
          if (partitions > 1) {
            await(
                "replicas = " + partitions,
                Duration.ofMinutes(5),
                () -> replicas(client) == partitions);
            double out = (System.nanoTime() - woken) / 1e9;
            scaleOuts.add(out);
            scaleOut = String.format("; %d after %.1f s more (HPA)", partitions, out);
          }
          catchUp(settings, topic, group);
          long caughtUp = System.nanoTime();
          await("replicas = 0", Duration.ofMinutes(5), () -> replicas(client) == 0);
          System.err.printf(
              "  wake-up %d: replicas = 1 after %.1f s%s; back to 0 %.1f s after the group caught up%n",
              i, wake, scaleOut, (System.nanoTime() - caughtUp) / 1e9);
        }
      }
      List<Double> sorted = seconds.stream().sorted().toList();
      System.out.printf(
          "first record on an idle topic to replicas = 1 (KEDA %s, pollingInterval %d s), %d wake-ups: p50 %.1f s, p95 %.1f s, max %.1f s%n",
          LocalKeda.VERSION,
          pollingInterval,
          wakeUps,
          percentile(sorted, 50),
          percentile(sorted, 95),
          sorted.get(sorted.size() - 1));
      if (!scaleOuts.isEmpty()) {
        List<Double> out = scaleOuts.stream().sorted().toList();
        System.out.printf(
            "replicas = 1 to replicas = %d (the HPA on KEDA's external metric), %d rounds: p50 %.1f s, p95 %.1f s, max %.1f s%n",
            partitions,
            out.size(),
            percentile(out, 50),
            percentile(out, 95),
            out.get(out.size() - 1));
      }
    }
    return 0;
  }

  private static int replicas(KubernetesClient client) {
    Deployment d = client.apps().deployments().inNamespace(NAMESPACE).withName("worker").get();
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  /**
   * What a woken worker does: reads from the group's position (earliest when it has none) to the
   * end and commits.
   */
  private static void catchUp(Map<String, Object> settings, String topic, String group) {
    Map<String, Object> props = new HashMap<>(settings);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        int read = consumer.poll(Duration.ofMillis(500)).count();
        if (read > 0) {
          consumer.commitSync();
        }
        if (!consumer.assignment().isEmpty()
            && consumer.assignment().stream()
                .allMatch(p -> consumer.position(p) >= consumer.endOffsets(List.of(p)).get(p))) {
          consumer.commitSync();
          return;
        }
      }
      throw new IllegalStateException("the group did not catch up within 60 s");
    }
  }

  private static KafkaProducer<String, String> producer(Map<String, Object> settings) {
    Map<String, Object> props = new HashMap<>(settings);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  private static Map<String, Object> clientProperties(Secret secret) throws java.io.IOException {
    Properties file = new Properties();
    file.load(new StringReader(decode(secret, "client.properties")));
    Map<String, Object> props = new HashMap<>();
    file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
    return props;
  }

  private static String decode(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  static double percentile(List<Double> sorted, double p) {
    int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached within " + timeout + ": " + what);
      }
      Thread.sleep(100);
    }
  }
}
