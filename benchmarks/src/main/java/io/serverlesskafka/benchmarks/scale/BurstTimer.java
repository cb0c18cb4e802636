package io.serverlesskafka.benchmarks.scale;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.operator.model.TopicNames;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Applies a burst of ServerlessTopics at once and timestamps, through watches, when each of the
 * objects on its way to Ready appears: the operator's KafkaTopic and KafkaUser, the stand-in's
 * Ready on both, the operator's tenant Secret and Ready.
 */
final class BurstTimer {
  private final KubernetesClient client;
  private final String clusterNamespace;
  private final String namespace;
  private final int partitions;
  private final Map<String, Long> applied = new ConcurrentHashMap<>();
  private final Map<String, Long> topicWritten = new ConcurrentHashMap<>();
  private final Map<String, Long> userWritten = new ConcurrentHashMap<>();
  private final Map<String, Long> topicReady = new ConcurrentHashMap<>();
  private final Map<String, Long> userReady = new ConcurrentHashMap<>();
  private final Map<String, Long> secretWritten = new ConcurrentHashMap<>();
  private final Map<String, Long> ready = new ConcurrentHashMap<>();

  BurstTimer(KubernetesClient client, String clusterNamespace, String namespace, int partitions) {
    this.client = client;
    this.clusterNamespace = clusterNamespace;
    this.namespace = namespace;
    this.partitions = partitions;
  }

  BurstResult run(int count, Duration timeout) throws InterruptedException {
    String prefix = namespace + ".";
    List<Watch> watches = new ArrayList<>();
    watches.add(
        client
            .resources(KafkaTopic.class)
            .inNamespace(clusterNamespace)
            .watch(
                on(
                    kt -> {
                      String name = kt.getMetadata().getName();
                      if (name.startsWith(prefix)) {
                        topicWritten.putIfAbsent(name, System.nanoTime());
                        if (kt.getStatus() != null && isReady(kt.getStatus().getConditions())) {
                          topicReady.putIfAbsent(name, System.nanoTime());
                        }
                      }
                    })));
    watches.add(
        client
            .resources(KafkaUser.class)
            .inNamespace(clusterNamespace)
            .watch(
                on(
                    ku -> {
                      String name = ku.getMetadata().getName();
                      if (name.startsWith(prefix)) {
                        userWritten.putIfAbsent(name, System.nanoTime());
                        if (ku.getStatus() != null && isReady(ku.getStatus().getConditions())) {
                          userReady.putIfAbsent(name, System.nanoTime());
                        }
                      }
                    })));
    watches.add(
        client
            .secrets()
            .inNamespace(namespace)
            .watch(
                on(
                    (Secret s) ->
                        secretWritten.putIfAbsent(s.getMetadata().getName(), System.nanoTime()))));
    watches.add(
        client
            .resources(ServerlessTopic.class)
            .inNamespace(namespace)
            .watch(
                on(
                    t -> {
                      if (ScaleBenchmark.ready(t)) {
                        ready.putIfAbsent(t.getMetadata().getName(), System.nanoTime());
                      }
                    })));
    try {
      for (int i = 0; i < count; i++) {
        applied.put("t" + i, System.nanoTime());
        client.resource(ScaleBenchmark.topic(namespace, "t" + i, partitions)).create();
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (ready.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(1000);
      }
      if (ready.size() < count) {
        throw new IllegalStateException(
            ready.size() + " of " + count + " burst topics Ready within " + timeout);
      }
    } finally {
      watches.forEach(Watch::close);
    }
    List<Double> toObjects = new ArrayList<>();
    List<Double> standIn = new ArrayList<>();
    List<Double> toSecret = new ArrayList<>();
    List<Double> total = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TopicNames names = new TopicNames(namespace, "t" + i);
      String q = names.kafkaTopic();
      long start = applied.get("t" + i);
      long objects = Math.max(need(topicWritten, q), need(userWritten, q));
      long strimziDone = Math.max(objects, Math.max(need(topicReady, q), need(userReady, q)));
      long end = Math.max(need(secretWritten, names.secretName()), need(ready, "t" + i));
      toObjects.add((objects - start) / 1e9);
      standIn.add((strimziDone - objects) / 1e9);
      toSecret.add(Math.max(0, end - strimziDone) / 1e9);
      total.add((need(ready, "t" + i) - start) / 1e9);
    }
    return new BurstResult(count, toObjects, standIn, toSecret, total);
  }

  private static long need(Map<String, Long> times, String key) {
    Long t = times.get(key);
    if (t == null) {
      throw new IllegalStateException("no time recorded for " + key + " (a watch missed it)");
    }
    return t;
  }

  private static boolean isReady(List<Condition> conditions) {
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static <T extends HasMetadata> Watcher<T> on(Consumer<T> action) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action a, T resource) {
        if (a != Action.DELETED) {
          action.accept(resource);
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        if (cause != null) {
          System.err.println("  a watch closed: " + cause.getMessage());
        }
      }
    };
  }
}
