package io.serverlesskafka.devcluster.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.AutoscalingSettings;
import io.serverlesskafka.api.v1alpha1.BrokerCapacitySpec;
import io.serverlesskafka.api.v1alpha1.BrokerSettings;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.devcluster.Edits;
import io.serverlesskafka.devcluster.LocalCluster;
import io.serverlesskafka.devcluster.kafka.KafkaAdminOperations;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The grow–rebalance–shrink cycle by itself on the local cluster: load above the (deliberately
 * tiny) capacity grows the broker pool, the new broker is filled, and once the load stops the pool
 * shrinks back after the window, draining the broker first. Every record written is read back.
 */
class AutoscalingCycleIT {
  static LocalCluster cluster;
  static KubernetesClient client;
  static final String NS = LocalCluster.DEFAULT_CLUSTER_NAMESPACE;
  static final String NAME = LocalCluster.DEFAULT_CLUSTER_NAME;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        new LocalCluster(Files.createTempDirectory("autoscaling-cycle"), 0, s -> {})
            .start(3, Duration.ofMinutes(4));
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static int poolReplicas() {
    return client
        .resources(KafkaNodePool.class)
        .inNamespace(NS)
        .withName(NAME + "-brokers")
        .get()
        .getSpec()
        .getReplicas();
  }

  @Test
  void growsUnderLoadFillsTheNewBrokerAndShrinksWhenLoadStops() throws Exception {
    KafkaAdminOperations kafka = cluster.strimzi().cluster(NS, NAME).orElseThrow().admin();
    kafka.admin().createTopics(List.of(new NewTopic("load", 6, (short) 2))).all().get();
    Edits.edit(
        client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME),
        k -> {
          BrokerSettings brokers = new BrokerSettings();
          brokers.setMin(3);
          brokers.setMax(4);
          BrokerCapacitySpec capacity = new BrokerCapacitySpec();
          // 0.15 MiB/s on 3 brokers: the LeadTime policy's 0.95 ceiling is crossed at about 0.14
          // MiB/s, so even a
          // producer slowed down by a busy machine to a third of its 0.5 MiB/s is plenty.
          capacity.setIngressMiBps(0.05);
          capacity.setEgressMiBps(100.0);
          brokers.setCapacity(capacity);
          k.getSpec().setBrokers(brokers);
          AutoscalingSettings autoscaling = new AutoscalingSettings();
          autoscaling.setScaleUpStabilization("10s");
          autoscaling.setScaleDownStabilization("40s");
          // Local brokers start and drain in seconds: a removal pays after 40 s, not after the
          // defaults' 2m + 5m.
          autoscaling.setProvisionTime("20s");
          autoscaling.setDrainTime("20s");
          k.getSpec().setAutoscaling(autoscaling);
          return k;
        });

    Map<String, Object> props =
        new HashMap<>(cluster.strimzi().cluster(NS, NAME).orElseThrow().adminProperties());
    Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread producer =
        new Thread(
            () -> {
              Map<String, Object> p = new HashMap<>(props);
              p.put(ProducerConfig.ACKS_CONFIG, "all");
              p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
              p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
              String pad = "x".repeat(2000);
              try (KafkaProducer<String, String> out = new KafkaProducer<>(p)) {
                for (int i = 0; producing.get(); i++) {
                  String key = "k-" + i;
                  out.send(new ProducerRecord<>("load", key, key + pad)).get();
                  written.add(key);
                  if (i % 50 == 0) {
                    Thread.sleep(50); // about 0.5 MiB/s: well above capacity, gentle on two cores
                  }
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    producer.start();
    try {
      await("the pool grows to 4 brokers")
          .atMost(Duration.ofMinutes(2))
          .until(() -> poolReplicas() == 4);
      await("the new broker is filled")
          .atMost(Duration.ofMinutes(2))
          .until(() -> kafka.brokerIds().contains(4) && !kafka.partitionsOnBroker(4).isEmpty());
      ServerlessKafka grown =
          client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME).get();
      assertThat(grown.getStatus().getAutoscaling().getLastAction()).isEqualTo("ScaleUp");
      assertThat(grown.getStatus().getAutoscaling().getMessage()).isNotBlank();
    } finally {
      producing.set(false);
      producer.join(30_000);
    }
    assertThat(failure.get()).as("producer kept writing with acks=all").isNull();

    await("the pool shrinks back to 3 after the window")
        .atMost(Duration.ofMinutes(3))
        .until(() -> poolReplicas() == 3);
    await("broker 4 is gone")
        .atMost(Duration.ofMinutes(1))
        .until(() -> !kafka.brokerIds().contains(4));
    ServerlessKafka shrunk =
        client.resources(ServerlessKafka.class).inNamespace(NS).withName(NAME).get();
    assertThat(shrunk.getStatus().getAutoscaling().getLastAction()).isEqualTo("ScaleDown");
    // Broker 4 is gone, and the stand-in (like Strimzi) removes no broker that still holds
    // replicas: it was drained.
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://localhost:" + cluster.metricsPort() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains(
            "serverless_kafka_autoscaler_decisions_total{action=\"ScaleUp\",cluster=\"shared\",namespace=\"kafka\",realized=\"true\"}")
        .contains(
            "serverless_kafka_autoscaler_decisions_total{action=\"ScaleDown\",cluster=\"shared\",namespace=\"kafka\",realized=\"true\"}");

    Set<String> read = new HashSet<>();
    Map<String, Object> c = new HashMap<>(props);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "verify");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of("load"));
      long deadline = System.currentTimeMillis() + 60_000;
      while (!read.containsAll(written) && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> read.add(r.key()));
      }
    }
    assertThat(written).hasSizeGreaterThan(100);
    assertThat(read).as("every record written is read back").containsAll(written);
  }
}
