package io.serverlesskafka.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The metadata routes, answered by Kafka with the caller's Admin client, so they show exactly what
 * the caller's ACLs let it describe and are the same on every gateway replica.
 */
final class AdminQueries {

  record TopicAssignments(String topic, List<Integer> partitions) {}

  record InstanceAssignments(String name, List<TopicAssignments> topics) {}

  record GroupAssignments(String name, List<InstanceAssignments> instances) {}

  private AdminQueries() {}

  /** {@code GET /topics}: topic → partition count, for the topics the caller may describe. */
  static Map<String, Integer> topics(TenantClients clients) {
    Admin admin = clients.admin();
    Set<String> names = get(admin.listTopics().names(), 15_000);
    Map<String, Integer> result = new TreeMap<>();
    if (names.isEmpty()) {
      return result;
    }
    Map<String, TopicDescription> descriptions =
        get(admin.describeTopics(names).allTopicNames(), 15_000);
    descriptions.forEach((name, d) -> result.put(name, d.partitions().size()));
    return result;
  }

  /**
   * {@code GET /consumers}: the caller's groups with their members as Kafka knows them (any
   * replica's).
   */
  static List<GroupAssignments> consumers(TenantClients clients, GroupNames groupNames) {
    Admin admin = clients.admin();
    String user = clients.username();
    List<String> groups = new ArrayList<>();
    for (GroupListing listing :
        get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(), 15_000)) {
      if (groupNames.belongsTo(user, listing.groupId())) {
        groups.add(listing.groupId());
      }
    }
    List<GroupAssignments> result = new ArrayList<>();
    if (groups.isEmpty()) {
      return result;
    }
    Map<String, ConsumerGroupDescription> descriptions =
        get(admin.describeConsumerGroups(groups).all(), 15_000);
    for (String group : new TreeSet<>(descriptions.keySet())) {
      List<InstanceAssignments> instances = new ArrayList<>();
      for (MemberDescription member : descriptions.get(group).members()) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : member.assignment().topicPartitions()) {
          byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<TopicAssignments> topics = new ArrayList<>();
        byTopic.forEach(
            (topic, partitions) ->
                topics.add(new TopicAssignments(topic, partitions.stream().sorted().toList())));
        instances.add(
            new InstanceAssignments(member.groupInstanceId().orElse(member.consumerId()), topics));
      }
      instances.sort(java.util.Comparator.comparing(InstanceAssignments::name));
      result.add(new GroupAssignments(groupNames.displayName(user, group), instances));
    }
    return result;
  }

  /** {@code /committed}: the group's committed offsets, -1 where nothing is committed. */
  static List<RequestBodies.TopicPartitionOffset> committed(
      TenantClients clients,
      String kafkaGroup,
      List<RequestBodies.TopicPartition> partitions,
      long timeoutMs) {
    List<TopicPartition> tps =
        partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(tps);
    Map<TopicPartition, OffsetAndMetadata> committed =
        get(
            clients
                .admin()
                .listConsumerGroupOffsets(
                    Map.of(kafkaGroup, spec),
                    new ListConsumerGroupOffsetsOptions().timeoutMs((int) timeoutMs))
                .partitionsToOffsetAndMetadata(kafkaGroup),
            timeoutMs);
    List<RequestBodies.TopicPartitionOffset> result = new ArrayList<>();
    for (TopicPartition tp : tps) {
      OffsetAndMetadata offset = committed.get(tp);
      result.add(
          new RequestBodies.TopicPartitionOffset(
              tp.topic(), tp.partition(), offset == null ? -1 : offset.offset()));
    }
    return result;
  }

  /** {@code /offsets/{timestamp|earliest|latest}}. */
  static List<RequestBodies.TopicPartitionOffset> offsets(
      TenantClients clients,
      String timestamp,
      List<RequestBodies.TopicPartition> partitions,
      long timeoutMs) {
    OffsetSpec spec =
        switch (timestamp) {
          case "earliest" -> OffsetSpec.earliest();
          case "latest" -> OffsetSpec.latest();
          default -> {
            try {
              yield OffsetSpec.forTimestamp(Long.parseLong(timestamp));
            } catch (NumberFormatException e) {
              throw GatewayException.badRequest(
                  "timestamp must be earliest, latest or milliseconds since the"
                      + " epoch, got "
                      + timestamp);
            }
          }
        };
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(new TopicPartition(p.topic(), p.partition()), spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answers =
        get(
            clients
                .admin()
                .listOffsets(request, new ListOffsetsOptions().timeoutMs((int) timeoutMs))
                .all(),
            timeoutMs);
    List<RequestBodies.TopicPartitionOffset> result = new ArrayList<>();
    for (RequestBodies.TopicPartition p : partitions) {
      ListOffsetsResult.ListOffsetsResultInfo info =
          answers.get(new TopicPartition(p.topic(), p.partition()));
      result.add(
          new RequestBodies.TopicPartitionOffset(
              p.topic(), p.partition(), info == null ? -1 : info.offset()));
    }
    return result;
  }

  /**
   * Removes a static member held by another replica ({@code /delete-consumer} reaching a replica
   * that does not hold the instance): Kafka fences that replica's consumer and gives its partitions
   * to the remaining instances.
   */
  static void removeMember(TenantClients clients, String kafkaGroup, String instanceId) {
    get(
        clients
            .admin()
            .removeMembersFromConsumerGroup(
                kafkaGroup,
                new org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions(
                    List.of(new org.apache.kafka.clients.admin.MemberToRemove(instanceId))))
            .all(),
        10_000);
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, long timeoutMs) {
    try {
      return future.get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new GatewayException(
          504, "Kafka did not answer within " + Duration.ofMillis(timeoutMs));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(503, "interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      throw KafkaErrors.toGatewayException(e.getCause());
    }
  }
}
