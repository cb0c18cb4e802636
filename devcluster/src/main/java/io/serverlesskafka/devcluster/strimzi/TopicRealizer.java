package io.serverlesskafka.devcluster.strimzi;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.devcluster.kafka.KafkaAdminOperations;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatus;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Realizes a KafkaTopic as Strimzi's topic operator does: creates the topic, raises partitions,
 * alters config; a decrease of partitions or a replication factor change is refused with {@code
 * Ready=False}. Deleting the KafkaTopic deletes the topic (through a finalizer).
 *
 * <p>Like Strimzi's (without Cruise Control), {@code spec.config} is the whole truth: a topic
 * config set in Kafka but not in the spec is deleted at every reconcile, the replication throttle
 * marks ({@code leader/follower.replication.throttled.replicas}) included; throttle marks in the
 * spec are kept, with a Warning condition. See {@code BatchingTopicController.buildAlterConfigOps}
 * and {@code filterOutThrottlingConfig} in strimzi-kafka-operator's topic-operator module.
 */
final class TopicRealizer {
  static final List<String> THROTTLING_CONFIG =
      List.of("follower.replication.throttled.replicas", "leader.replication.throttled.replicas");

  private final KubernetesClient client;
  private final StatusWriter statusWriter;

  TopicRealizer(KubernetesClient client, StatusWriter statusWriter) {
    this.client = client;
    this.statusWriter = statusWriter;
  }

  static String topicName(KafkaTopic kt) {
    return kt.getSpec() != null && kt.getSpec().getTopicName() != null
        ? kt.getSpec().getTopicName()
        : kt.getMetadata().getName();
  }

  /**
   * Reconciles KafkaTopics of one Kafka cluster together: one Admin call per step for the whole
   * batch (describe, create, add partitions, describe configs, alter configs) instead of one per
   * topic, each topic's own result deciding its condition, so that one bad topic fails alone. The
   * Kubernetes calls (finalizer, status) run in parallel on {@code kube}.
   *
   * @return the KafkaTopics whose work is done (status written, or deleted)
   */
  List<KafkaTopic> reconcileAll(
      List<KafkaTopic> batch, KafkaAdminOperations admin, ExecutorService kube) {
    List<KafkaTopic> done =
        new ArrayList<>(
            Batches.each(
                kube,
                batch.stream()
                    .filter(kt -> kt.getMetadata().getDeletionTimestamp() != null)
                    .toList(),
                "deletion",
                kt -> {
                  admin.deleteTopic(topicName(kt));
                  Finalizers.remove(client, kt);
                }));
    List<KafkaTopic> live =
        Batches.each(
            kube,
            batch.stream().filter(kt -> kt.getMetadata().getDeletionTimestamp() == null).toList(),
            "finalizer",
            kt -> Finalizers.add(client, kt));
    // Two KafkaTopics naming the same topic are worked on one after the other, as they were before
    // batching: one Admin request cannot name a topic twice.
    while (!live.isEmpty()) {
      Set<String> names = new HashSet<>();
      List<Item> round = new ArrayList<>();
      List<KafkaTopic> later = new ArrayList<>();
      for (KafkaTopic kt : live) {
        if (names.add(topicName(kt))) {
          round.add(new Item(kt));
        } else {
          later.add(kt);
        }
      }
      realize(round, admin);
      Map<KafkaTopic, Item> byResource = new IdentityHashMap<>();
      round.forEach(i -> byResource.put(i.kt, i));
      done.addAll(
          Batches.each(
              kube,
              round.stream().map(i -> i.kt).toList(),
              "status",
              kt -> writeStatus(byResource.get(kt))));
      live = later;
    }
    return done;
  }

  /** One KafkaTopic of a batch: what it asks for, what Kafka has, and the outcome. */
  private static final class Item {
    final KafkaTopic kt;
    final String topic;
    final Map<String, String> config = new LinkedHashMap<>();
    final int partitions;
    final int replicas;
    TopicDescription existing;
    String topicId;
    boolean describeAgain;
    Condition condition;
    boolean failed;
    final List<Condition> warnings = new ArrayList<>();

    Item(KafkaTopic kt) {
      this.kt = kt;
      this.topic = topicName(kt);
      if (kt.getSpec() != null && kt.getSpec().getConfig() != null) {
        kt.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
      }
      this.partitions =
          kt.getSpec() == null || kt.getSpec().getPartitions() == null
              ? 1
              : kt.getSpec().getPartitions();
      this.replicas =
          kt.getSpec() == null || kt.getSpec().getReplicas() == null
              ? -1
              : kt.getSpec().getReplicas();
    }

    boolean pending() {
      return condition == null;
    }

    void fail(RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      condition =
          StrimziConditions.notReadyTopic(
              cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()));
      failed = true;
    }
  }

  private void realize(List<Item> items, KafkaAdminOperations admin) {
    Admin kafka = admin.admin();
    Map<String, KafkaFuture<TopicDescription>> described =
        kafka.describeTopics(items.stream().map(i -> i.topic).toList()).topicNameValues();
    for (Item item : items) {
      try {
        item.existing = admin.await(described.get(item.topic));
      } catch (UnknownTopicOrPartitionException missing) {
        item.existing = null;
      } catch (RuntimeException e) {
        item.fail(e);
      }
    }

    List<Item> toCreate = items.stream().filter(i -> i.pending() && i.existing == null).toList();
    if (!toCreate.isEmpty()) {
      CreateTopicsResult created =
          kafka.createTopics(
              toCreate.stream()
                  .map(
                      i ->
                          new NewTopic(
                                  i.topic,
                                  Optional.of(i.partitions),
                                  i.replicas > 0
                                      ? Optional.of((short) i.replicas)
                                      : Optional.empty())
                              .configs(i.config))
                  .toList());
      for (Item item : toCreate) {
        try {
          admin.await(created.values().get(item.topic));
        } catch (TopicExistsException exists) {
          // created meanwhile (by another KafkaTopic or by hand): Ready, as before batching
          item.describeAgain = true;
        } catch (RuntimeException e) {
          item.fail(e);
          continue;
        }
        if (!item.describeAgain) {
          try {
            item.topicId = String.valueOf(admin.await(created.topicId(item.topic)));
          } catch (RuntimeException e) {
            item.describeAgain = true;
          }
        }
        item.condition = StrimziConditions.ready();
      }
    }

    List<Item> toUpdate = new ArrayList<>();
    for (Item item : items) {
      if (!item.pending() || item.existing == null) {
        continue;
      }
      item.topicId = item.existing.topicId().toString();
      int current = item.existing.partitions().size();
      int currentReplicas = item.existing.partitions().get(0).replicas().size();
      if (item.partitions < current) {
        item.condition =
            StrimziConditions.notReadyTopic("NotSupported", "Decreasing partitions not supported");
      } else if (item.replicas > 0 && item.replicas != currentReplicas) {
        item.condition =
            StrimziConditions.notReadyTopic(
                "NotSupported",
                "Replication factor change not supported by the local stand-in (Strimzi needs Cruise Control for it)");
      } else {
        toUpdate.add(item);
      }
    }
    Map<String, NewPartitions> increases = new LinkedHashMap<>();
    toUpdate.stream()
        .filter(i -> i.partitions > i.existing.partitions().size())
        .forEach(i -> increases.put(i.topic, NewPartitions.increaseTo(i.partitions)));
    if (!increases.isEmpty()) {
      Map<String, KafkaFuture<Void>> increased = kafka.createPartitions(increases).values();
      for (Item item : toUpdate) {
        if (increases.containsKey(item.topic)) {
          try {
            admin.await(increased.get(item.topic));
          } catch (RuntimeException e) {
            item.fail(e);
          }
        }
      }
    }
    List<Item> toAlter = toUpdate.stream().filter(Item::pending).toList();
    if (!toAlter.isEmpty()) {
      Map<ConfigResource, KafkaFuture<org.apache.kafka.clients.admin.Config>> configs =
          kafka.describeConfigs(toAlter.stream().map(i -> resource(i.topic)).toList()).values();
      Map<ConfigResource, Collection<AlterConfigOp>> alterations = new LinkedHashMap<>();
      for (Item item : toAlter) {
        try {
          Map<String, String> changes = new LinkedHashMap<>(item.config);
          admin.await(configs.get(resource(item.topic))).entries().stream()
              .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
              .map(ConfigEntry::name)
              .filter(k -> !item.config.containsKey(k))
              .forEach(k -> changes.put(k, null));
          List<AlterConfigOp> ops = new ArrayList<>();
          changes.forEach(
              (key, value) ->
                  ops.add(
                      value == null
                          ? new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE)
                          : new AlterConfigOp(
                              new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
          if (!ops.isEmpty()) {
            alterations.put(resource(item.topic), ops);
          }
        } catch (RuntimeException e) {
          item.fail(e);
        }
      }
      Map<ConfigResource, KafkaFuture<Void>> altered =
          alterations.isEmpty() ? Map.of() : kafka.incrementalAlterConfigs(alterations).values();
      for (Item item : toAlter) {
        if (!item.pending()) {
          continue;
        }
        try {
          KafkaFuture<Void> f = altered.get(resource(item.topic));
          if (f != null) {
            admin.await(f);
          }
          item.condition = StrimziConditions.ready();
        } catch (RuntimeException e) {
          item.fail(e);
        }
      }
    }

    List<Item> again = items.stream().filter(i -> i.describeAgain && !i.failed).toList();
    if (!again.isEmpty()) {
      Map<String, KafkaFuture<TopicDescription>> ids =
          kafka.describeTopics(again.stream().map(i -> i.topic).toList()).topicNameValues();
      for (Item item : again) {
        try {
          item.topicId = admin.await(ids.get(item.topic)).topicId().toString();
        } catch (UnknownTopicOrPartitionException missing) {
          item.topicId = null;
        } catch (RuntimeException e) {
          item.fail(e);
        }
      }
    }
    for (Item item : items) {
      if (!item.failed) {
        THROTTLING_CONFIG.stream()
            .filter(item.config::containsKey)
            .forEach(
                k ->
                    item.warnings.add(
                        StrimziConditions.warning(
                            "InvalidConfig",
                            "Property " + k + " may conflict with throttled rebalances")));
      }
    }
  }

  private void writeStatus(Item item) {
    KafkaTopic kt = item.kt;
    List<Condition> conditions = new ArrayList<>();
    conditions.add(item.condition);
    conditions.addAll(item.warnings);
    KafkaTopicStatus previous = kt.getStatus();
    Batches.writeIfChanged(
        client,
        statusWriter,
        kt,
        previous,
        new KafkaTopicStatusBuilder()
            .withObservedGeneration(kt.getMetadata().getGeneration())
            .withTopicName(item.topic)
            .withTopicId(item.topicId)
            .withConditions(
                Batches.keepTransitionTimes(
                    previous == null ? null : previous.getConditions(), conditions))
            .build());
  }

  private static ConfigResource resource(String topic) {
    return new ConfigResource(ConfigResource.Type.TOPIC, topic);
  }
}
