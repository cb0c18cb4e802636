package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.model.ClientConnection;
import io.serverlesskafka.operator.model.ClientSecretModel;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.StrimziNames;
import io.serverlesskafka.operator.model.TopicModel;
import io.serverlesskafka.operator.model.TopicNames;
import io.serverlesskafka.operator.reconcile.TopicDecision.Action;
import io.serverlesskafka.operator.reconcile.TopicDecision.Note;
import io.serverlesskafka.operator.reconcile.TopicDecision.Write;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.status.Conditions;
import io.serverlesskafka.operator.tenancy.Ownership;
import io.serverlesskafka.operator.tenancy.TopicOwner;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pure half of a topic's reconcile: {@link TopicObservation} in, {@link TopicDecision} out.
 * Every safety rule of the topic lives here, so that each is a unit test: a topic goes only to a
 * cluster that accepts its namespace, stays on the cluster it was placed on, writes nothing while
 * any object of its names belongs to someone else, and never lowers a replication factor (or
 * min.insync.replicas) without saying so.
 */
public final class TopicDecider {
  static final Duration RESYNC = Duration.ofMinutes(5);
  static final Duration RETRY_SOON = Duration.ofSeconds(30);
  static final Duration QUOTA_RESYNC = Duration.ofMinutes(1);

  /** Condition set when the replication factor is not what the manifest asks for. */
  public static final String REPLICATION_CONDITION = "ReplicationFactor";

  /** Condition set while the topic still grants the consumer group prefix of earlier versions. */
  public static final String GROUP_PREFIX_CONDITION = "GroupPrefix";

  private final Clock clock;

  public TopicDecider(Clock clock) {
    this.clock = clock;
  }

  public TopicDecision decide(TopicObservation o) {
    ServerlessTopic topic = o.topic();
    ServerlessTopicStatus old = topic.getStatus();
    ServerlessTopicStatus status = copyStatus(topic);
    status.setObservedGeneration(generation(topic));
    TopicNames names = TopicNames.of(topic);

    ClusterResolver.Resolution resolution = o.resolution();
    if (!resolution.found()) {
      return problem(
          topic, status, resolution.problem(), resolution.message(), List.of(), RETRY_SOON);
    }
    ServerlessKafka cluster = resolution.cluster();
    String clusterKey = ClusterResolver.key(cluster);
    String clusterNs = cluster.getMetadata().getNamespace();
    status.setCluster(clusterKey);
    if (!names.fitsKafkaLimit()) {
      return problem(
          topic,
          status,
          ConditionReason.TopicNameTooLong,
          "Kafka topic name "
              + names.kafkaTopic().length()
              + " characters long (namespace.name); Kafka allows "
              + TopicNames.MAX_KAFKA_TOPIC_LENGTH,
          List.of(),
          RESYNC);
    }

    // Ownership first: nothing is written while any object of the topic's names is someone else's.
    TopicOwner owner = TopicOwner.of(topic, o.namespaceUid());
    boolean placedHere = old != null && clusterKey.equals(old.getCluster());
    Ownership.Verdict topicVerdict =
        Ownership.judge(
            meta(o.kafkaTopic()),
            owner,
            placedHere && names.kafkaTopic().equals(old.getKafkaTopic()));
    Ownership.Verdict userVerdict =
        Ownership.judge(
            meta(o.kafkaUser()), owner, placedHere && names.kafkaUser().equals(old.getUsername()));
    List<String> conflicts = new ArrayList<>();
    if (!topicVerdict.writable()) {
      conflicts.add(
          "KafkaTopic " + clusterNs + "/" + names.kafkaTopic() + " " + topicVerdict.why());
    }
    if (!userVerdict.writable()) {
      conflicts.add("KafkaUser " + clusterNs + "/" + names.kafkaUser() + " " + userVerdict.why());
    }
    // Strimzi binds a KafkaTopic or KafkaUser to its cluster by label; one of another cluster in
    // the same namespace
    // holds that cluster's data or credentials and must not be moved to this one.
    for (HasMetadata existing : new HasMetadata[] {o.kafkaTopic(), o.kafkaUser()}) {
      String boundTo =
          existing == null || existing.getMetadata().getLabels() == null
              ? null
              : existing.getMetadata().getLabels().get(StrimziNames.LABEL_CLUSTER);
      if (boundTo != null && !boundTo.equals(cluster.getMetadata().getName())) {
        conflicts.add(
            existing.getKind()
                + " "
                + clusterNs
                + "/"
                + existing.getMetadata().getName()
                + " belongs to cluster "
                + clusterNs
                + "/"
                + boundTo);
      }
    }
    if (o.secret() == Ownership.Kind.FOREIGN) {
      conflicts.add(
          "Secret "
              + names.namespace()
              + "/"
              + names.secretName()
              + " exists and was not written for this topic");
    }
    if (!conflicts.isEmpty()) {
      String message =
          String.join("; ", conflicts)
              + ". Left untouched and nothing written; remove or rename the object, "
              + "or give the topic another name";
      return problem(topic, status, ConditionReason.Conflict, message, List.of(), RETRY_SOON);
    }

    ClusterSettings settings = ClusterSettings.of(cluster.getSpec());
    TopicModel model =
        new TopicModel(
            topic, clusterNs, cluster.getMetadata().getName(), settings, o.namespaceUid());
    KafkaTopic current = o.kafkaTopic();
    Integer currentPartitions =
        current == null || current.getSpec() == null ? null : current.getSpec().getPartitions();
    Integer currentReplicas =
        current == null || current.getSpec() == null ? null : current.getSpec().getReplicas();
    List<Write> writes = new ArrayList<>();
    List<Note> events = new ArrayList<>();

    // A manifest asking for fewer partitions leaves the topic as it is; the credentials are still
    // kept up to date.
    String invalid = null;
    if (model.asksToDecreasePartitions(currentPartitions)) {
      invalid =
          "spec.partitions "
              + topic.getSpec().getPartitions()
              + " is below the topic's "
              + currentPartitions
              + " partitions; Kafka cannot remove partitions, the topic keeps "
              + currentPartitions;
    } else {
      KafkaTopic desired = model.kafkaTopic(currentPartitions, currentReplicas);
      writes.add(new Write(current == null ? Action.CREATE : Action.APPLY, desired));
      if (current == null) {
        events.add(
            new Note(
                false,
                EventReason.Created,
                "KafkaTopic "
                    + clusterNs
                    + "/"
                    + names.kafkaTopic()
                    + " created with "
                    + desired.getSpec().getPartitions()
                    + " partitions"));
      }
      if (topicVerdict.kind() == Ownership.Kind.ADOPT) {
        events.add(
            new Note(
                false,
                EventReason.Adopted,
                "took over KafkaTopic "
                    + clusterNs
                    + "/"
                    + names.kafkaTopic()
                    + " and its data: "
                    + topicVerdict.why()));
      }
      if (annotation(current, ApiGroup.ANNOTATION_ADOPTABLE_BY) != null) {
        // The grant was for this hand-over only; left in place it would hand the topic to the next
        // namespace of that name.
        writes.add(new Write(Action.RELEASE_ADOPTABLE, current));
      }
    }
    boolean legacyGroups =
        model.grantsLegacyGroups(o.kafkaUser())
            && !"drop".equals(annotation(topic, ApiGroup.ANNOTATION_LEGACY_GROUP_PREFIX));
    String groupPrefix = legacyGroups ? names.legacyGroupPrefix() : names.groupPrefix();
    writes.add(
        new Write(
            o.kafkaUser() == null ? Action.CREATE : Action.APPLY,
            model.kafkaUser(o.quotaBrokers(), legacyGroups)));

    status.setKafkaTopic(names.kafkaTopic());
    status.setUsername(names.kafkaUser());
    if (current != null && current.getSpec() != null) {
      status.setPartitions(current.getSpec().getPartitions());
      status.setReplicationFactor(current.getSpec().getReplicas());
    }
    String bootstrap =
        cluster.getStatus() == null ? null : cluster.getStatus().getBootstrapServers();
    status.setBootstrapServers(bootstrap);
    ClientConnection connection = bootstrap == null ? null : o.connection();
    boolean secretWritten = o.password() != null && connection != null;
    if (secretWritten) {
      writes.add(
          new Write(
              o.secret() == Ownership.Kind.ABSENT ? Action.CREATE : Action.APPLY,
              ClientSecretModel.build(
                  topic, connection, o.password(), groupPrefix, cluster.getStatus().getRestUrl())));
      status.setSecretName(names.secretName());
    }
    TopicDecision.ConsumerScaling scaling =
        connection == null
            ? null
            : new TopicDecision.ConsumerScaling(
                connection,
                status.getPartitions() != null
                    ? status.getPartitions()
                    : model.partitions(currentPartitions),
                groupPrefix);

    status.setConditions(
        replicationCondition(topic, status.getConditions(), model, currentReplicas, events));
    status.setConditions(groupPrefixCondition(topic, status.getConditions(), names, legacyGroups));

    StrimziReadiness topicReady = readiness(current);
    StrimziReadiness userReady = readiness(o.kafkaUser());
    Duration later =
        model.hasQuotas()
            ? QUOTA_RESYNC
            : RESYNC; // quotas follow leaders, which move without an event
    if (invalid != null) {
      return problem(
          topic,
          status,
          ConditionReason.PartitionsDecrease,
          invalid,
          writes,
          events,
          scaling,
          RESYNC);
    }
    if (topicReady.failed() || userReady.failed()) {
      String what =
          topicReady.failed()
              ? "KafkaTopic: " + topicReady.describe()
              : "KafkaUser: " + userReady.describe();
      return problem(
          topic,
          status,
          ConditionReason.StrimziRejected,
          "Strimzi rejected the change: " + what,
          writes,
          events,
          scaling,
          RETRY_SOON);
    }
    if (!topicReady.ready() || !userReady.ready()) {
      String waiting =
          !topicReady.ready()
              ? "KafkaTopic " + names.kafkaTopic()
              : "KafkaUser " + names.kafkaUser();
      return waiting(
          topic,
          status,
          ConditionReason.WaitingForStrimzi,
          "waiting for Strimzi to make " + waiting + " ready",
          writes,
          events,
          scaling);
    }
    if (!secretWritten) {
      String why =
          bootstrap == null
              ? "cluster " + clusterKey + " has no bootstrap address yet"
              : connection == null
                  ? "Strimzi has not published the cluster CA (Secret "
                      + clusterNs
                      + "/"
                      + StrimziNames.clusterCaCertSecret(cluster.getMetadata().getName())
                      + ") yet"
                  : "Strimzi has not written the user's password yet";
      return waiting(
          topic, status, ConditionReason.WaitingForCredentials, why, writes, events, scaling);
    }
    String message =
        "topic " + names.kafkaTopic() + " is ready; credentials in Secret " + names.secretName();
    status.setConditions(
        Conditions.merge(
            status.getConditions(),
            Conditions.ready(true, ConditionReason.Ready, message, generation(topic), clock)));
    if (!Conditions.isTrue(old == null ? null : old.getConditions(), Conditions.READY)) {
      events.add(new Note(false, EventReason.Ready, message));
    }
    return new TopicDecision(status, ConditionReason.Ready, writes, events, scaling, later);
  }

  /**
   * Folds the KEDA step's conditions into a decision: a KEDA object of the topic's names that is
   * someone else's makes the topic not Ready ({@code Conflict}), as for its other objects.
   */
  public TopicDecision withConsumerScaling(
      TopicDecision d, ServerlessTopic topic, List<Condition> conditions) {
    ServerlessTopicStatus status = d.status();
    status.setConditions(conditions);
    Condition scaling =
        conditions == null
            ? null
            : conditions.stream()
                .filter(c -> ConsumerScalingStep.CONDITION.equals(c.getType()))
                .findFirst()
                .orElse(null);
    Duration requeue = d.requeue();
    if (scaling != null && !"True".equals(scaling.getStatus())) {
      requeue = RETRY_SOON; // KEDA may be installed, or the conflicting object removed, any time
    }
    if (scaling != null && ConditionReason.Conflict.name().equals(scaling.getReason())) {
      status.setConditions(
          Conditions.merge(
              status.getConditions(),
              Conditions.ready(
                  false,
                  ConditionReason.Conflict,
                  scaling.getMessage(),
                  generation(topic),
                  clock)));
      List<Note> events = d.events().stream().filter(n -> n.reason() != EventReason.Ready).toList();
      return new TopicDecision(
          status, ConditionReason.Conflict, d.writes(), events, d.consumerScaling(), RETRY_SOON);
    }
    return new TopicDecision(
        status, d.reason(), d.writes(), d.events(), d.consumerScaling(), requeue);
  }

  private List<Condition> replicationCondition(
      ServerlessTopic topic,
      List<Condition> conditions,
      TopicModel model,
      Integer currentReplicas,
      List<Note> events) {
    int requested = model.requestedReplicationFactor();
    int capped = model.replicationFactor();
    int written = model.replicationFactor(currentReplicas);
    String message = null;
    String reason = null;
    if (currentReplicas != null && capped < currentReplicas) {
      reason = "DecreaseNotApplied";
      message =
          "replication factor "
              + capped
              + (capped < requested ? " (" + requested + " capped to brokers.min)" : "")
              + " is below the topic's "
              + currentReplicas
              + "; Strimzi cannot lower it, so the topic keeps "
              + currentReplicas
              + " replicas and min.insync.replicas "
              + TopicModel.minInsyncReplicas(written);
    } else if (capped < requested) {
      reason = "CappedToBrokers";
      message =
          "replication factor "
              + requested
              + " asked for, "
              + capped
              + " given: the cluster's brokers.min is "
              + capped
              + "; min.insync.replicas is "
              + TopicModel.minInsyncReplicas(written);
    }
    if (message == null) {
      return Conditions.remove(conditions, REPLICATION_CONDITION);
    }
    if (!Conditions.has(conditions, REPLICATION_CONDITION)) {
      events.add(new Note(true, EventReason.ReplicationReduced, message));
    }
    return Conditions.merge(
        conditions,
        Conditions.of(REPLICATION_CONDITION, false, reason, message, generation(topic), clock));
  }

  private List<Condition> groupPrefixCondition(
      ServerlessTopic topic, List<Condition> conditions, TopicNames names, boolean legacy) {
    if (!legacy) {
      return Conditions.remove(conditions, GROUP_PREFIX_CONDITION);
    }
    return Conditions.merge(
        conditions,
        Conditions.of(
            GROUP_PREFIX_CONDITION,
            false,
            "LegacyGroupPrefix",
            "consumer groups use the prefix "
                + names.legacyGroupPrefix()
                + " of earlier versions, which overlaps the groups of"
                + " topics named "
                + names.name()
                + ".*; move consumers to "
                + names.groupPrefix()
                + " and annotate the topic "
                + ApiGroup.ANNOTATION_LEGACY_GROUP_PREFIX
                + "=drop",
            generation(topic),
            clock));
  }

  private TopicDecision problem(
      ServerlessTopic topic,
      ServerlessTopicStatus status,
      ConditionReason reason,
      String message,
      List<Write> writes,
      Duration retry) {
    return problem(topic, status, reason, message, writes, List.of(), null, retry);
  }

  private TopicDecision problem(
      ServerlessTopic topic,
      ServerlessTopicStatus status,
      ConditionReason reason,
      String message,
      List<Write> writes,
      List<Note> events,
      TopicDecision.ConsumerScaling scaling,
      Duration retry) {
    status.setConditions(
        Conditions.merge(
            status.getConditions(),
            Conditions.ready(false, reason, message, generation(topic), clock)));
    List<Note> all = new ArrayList<>(events);
    all.add(new Note(true, eventReason(reason), message));
    return new TopicDecision(status, reason, writes, all, scaling, retry);
  }

  private TopicDecision waiting(
      ServerlessTopic topic,
      ServerlessTopicStatus status,
      ConditionReason reason,
      String message,
      List<Write> writes,
      List<Note> events,
      TopicDecision.ConsumerScaling scaling) {
    status.setConditions(
        Conditions.merge(
            status.getConditions(),
            Conditions.ready(false, reason, message, generation(topic), clock)));
    return new TopicDecision(status, reason, writes, events, scaling, RESYNC);
  }

  /** The Warning Event reason of a not-Ready reason: the same name. */
  static EventReason eventReason(ConditionReason reason) {
    return EventReason.valueOf(reason.name());
  }

  private static StrimziReadiness readiness(KafkaTopic t) {
    return t == null || t.getStatus() == null
        ? StrimziReadiness.of(null, null, null)
        : StrimziReadiness.of(
            t.getStatus().getConditions(),
            t.getStatus().getObservedGeneration(),
            t.getMetadata().getGeneration());
  }

  private static StrimziReadiness readiness(KafkaUser u) {
    return u == null || u.getStatus() == null
        ? StrimziReadiness.of(null, null, null)
        : StrimziReadiness.of(
            u.getStatus().getConditions(),
            u.getStatus().getObservedGeneration(),
            u.getMetadata().getGeneration());
  }

  private static ObjectMeta meta(HasMetadata o) {
    return o == null ? null : o.getMetadata();
  }

  private static String annotation(HasMetadata o, String key) {
    Map<String, String> a =
        o == null || o.getMetadata() == null ? null : o.getMetadata().getAnnotations();
    return a == null ? null : a.get(key);
  }

  private static Long generation(ServerlessTopic topic) {
    return topic.getMetadata().getGeneration();
  }

  static ServerlessTopicStatus copyStatus(ServerlessTopic topic) {
    ServerlessTopicStatus old = topic.getStatus();
    ServerlessTopicStatus status = new ServerlessTopicStatus();
    if (old != null) {
      status.setConditions(old.getConditions());
      status.setCluster(old.getCluster());
      status.setKafkaTopic(old.getKafkaTopic());
      status.setPartitions(old.getPartitions());
      status.setReplicationFactor(old.getReplicationFactor());
      status.setSecretName(old.getSecretName());
      status.setUsername(old.getUsername());
      status.setBootstrapServers(old.getBootstrapServers());
    }
    return status;
  }
}
