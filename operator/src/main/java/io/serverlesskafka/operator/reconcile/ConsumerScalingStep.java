package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.events.EventRecorder;
import io.serverlesskafka.operator.keda.ScaledObject;
import io.serverlesskafka.operator.keda.TriggerAuthentication;
import io.serverlesskafka.operator.model.ClientConnection;
import io.serverlesskafka.operator.model.ConsumerScalingModel;
import io.serverlesskafka.operator.model.TopicNames;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.status.Conditions;
import io.serverlesskafka.operator.tenancy.Ownership;
import io.serverlesskafka.operator.tenancy.TopicOwner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * spec.consumers → KEDA ScaledObjects and their TriggerAuthentication in the topic's namespace;
 * objects of removed entries are deleted. Without KEDA's CRDs the topic gets {@code
 * ConsumerScaling=False KedaNotInstalled} and a Warning Event, and everything else of the topic
 * keeps working (Ready is not touched).
 */
public final class ConsumerScalingStep {
  public static final String CONDITION = "ConsumerScaling";
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerScalingStep.class);
  private final KubernetesClient client;
  private final ResourceApplier applier;
  private final EventRecorder events;
  private final KedaAvailability keda;
  private final Clock clock;

  public ConsumerScalingStep(
      KubernetesClient client,
      ResourceApplier applier,
      EventRecorder events,
      KedaAvailability keda,
      Clock clock) {
    this.client = client;
    this.applier = applier;
    this.events = events;
    this.keda = keda;
    this.clock = clock;
  }

  /**
   * Applies the KEDA objects and returns the topic's conditions with ConsumerScaling set (or
   * removed when the topic has no consumers).
   */
  public List<Condition> apply(
      ServerlessTopic topic,
      ClientConnection connection,
      int partitions,
      List<Condition> conditions) {
    return apply(
        topic,
        new TopicDecision.ConsumerScaling(
            connection, partitions, TopicNames.of(topic).groupPrefix()),
        conditions);
  }

  /**
   * As {@link #apply(ServerlessTopic, ClientConnection, int, List)}; a TriggerAuthentication or
   * ScaledObject of the topic's names that is not the topic's own is left untouched and reported as
   * {@code ConsumerScaling=False Conflict}.
   */
  public List<Condition> apply(
      ServerlessTopic topic, TopicDecision.ConsumerScaling inputs, List<Condition> conditions) {
    ConsumerScalingModel model =
        new ConsumerScalingModel(
            topic, inputs.connection(), inputs.partitions(), inputs.groupPrefix());
    TopicNames names = TopicNames.of(topic);
    Long generation = topic.getMetadata().getGeneration();
    boolean hadScaling = Conditions.has(conditions, CONDITION);
    if (model.consumers().isEmpty()) {
      if (hadScaling && keda.available()) {
        int removed = removeStale(topic, Set.of());
        deleteIfOwned(topic, TriggerAuthentication.class, model.triggerAuthenticationName());
        if (removed > 0) {
          events.normal(
              topic,
              EventReason.ConsumerScalingRemoved,
              "removed " + removed + " ScaledObjects: spec.consumers is empty");
        }
      }
      return Conditions.remove(conditions, CONDITION);
    }
    if (!keda.available()) {
      String message =
          "KEDA is not installed (no keda.sh/v1alpha1 ScaledObject API); consumer Deployments are not scaled. "
              + "Install KEDA, the topic picks it up on its next reconcile";
      boolean reported =
          conditions != null
              && conditions.stream()
                  .anyMatch(
                      c ->
                          CONDITION.equals(c.getType())
                              && ConditionReason.KedaNotInstalled.name().equals(c.getReason()));
      if (!reported) {
        LOG.warn("{}/{} {}", names.namespace(), names.name(), message);
      }
      events.warning(topic, EventReason.KedaNotInstalled, message);
      return Conditions.merge(
          conditions,
          Conditions.of(
              CONDITION,
              false,
              ConditionReason.KedaNotInstalled.name(),
              message,
              generation,
              clock));
    }
    TriggerAuthentication auth = model.triggerAuthentication();
    List<ScaledObject> desired = model.scaledObjects();
    List<String> conflicts = new ArrayList<>();
    Map<HasMetadata, Ownership.Kind> verdicts = new LinkedHashMap<>();
    for (HasMetadata object : concat(auth, desired)) {
      HasMetadata existing = client.resource(object).get();
      Ownership.Verdict verdict =
          Ownership.judge(
              existing == null ? null : existing.getMetadata(), TopicOwner.of(topic, null), false);
      if (!verdict.writable()) {
        conflicts.add(
            object.getKind()
                + " "
                + names.namespace()
                + "/"
                + object.getMetadata().getName()
                + " "
                + verdict.why());
      }
      verdicts.put(object, verdict.kind());
    }
    if (!conflicts.isEmpty()) {
      String message = String.join("; ", conflicts) + ". Left untouched; remove or rename it";
      events.warning(topic, EventReason.Conflict, message);
      return Conditions.merge(
          conditions,
          Conditions.of(
              CONDITION, false, ConditionReason.Conflict.name(), message, generation, clock));
    }
    // Stale ones first: KEDA refuses a second ScaledObject for a Deployment, so a renamed one must
    // go before its successor.
    int removed =
        removeStale(
            topic,
            desired.stream().map(so -> so.getMetadata().getName()).collect(Collectors.toSet()));
    if (removed > 0) {
      events.normal(
          topic,
          EventReason.ConsumerScalingRemoved,
          "removed " + removed + " ScaledObjects of entries no longer in spec.consumers");
    }
    verdicts.forEach(
        (object, kind) -> {
          if (kind == Ownership.Kind.ABSENT) {
            client.resource(object).create();
          } else {
            applier.apply(object);
          }
        });
    String message =
        desired.size()
            + " ScaledObject(s) scale "
            + model.consumers().stream()
                .map(c -> c.getDeployment() + " on group " + model.consumerGroup(c))
                .collect(Collectors.joining(", "));
    return Conditions.merge(
        conditions,
        Conditions.of(
            CONDITION, true, ConditionReason.ConsumersScaled.name(), message, generation, clock));
  }

  private static List<HasMetadata> concat(HasMetadata first, List<? extends HasMetadata> rest) {
    List<HasMetadata> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private <T extends HasMetadata> void deleteIfOwned(
      ServerlessTopic topic, Class<T> type, String name) {
    T existing =
        client.resources(type).inNamespace(topic.getMetadata().getNamespace()).withName(name).get();
    if (existing != null && ownedBy(existing, topic.getMetadata().getUid())) {
      applier.delete(type, topic.getMetadata().getNamespace(), name);
    }
  }

  /** Deletes the ScaledObjects this topic owns that are not desired; returns how many. */
  private int removeStale(ServerlessTopic topic, Set<String> desired) {
    String uid = topic.getMetadata().getUid();
    List<ScaledObject> owned =
        client
            .resources(ScaledObject.class)
            .inNamespace(topic.getMetadata().getNamespace())
            .withLabel(ApiGroup.LABEL_MANAGED_BY, ApiGroup.MANAGED_BY_VALUE)
            .list()
            .getItems()
            .stream()
            .filter(so -> ownedBy(so, uid))
            .toList();
    int removed = 0;
    for (ScaledObject so : owned) {
      if (!desired.contains(so.getMetadata().getName())) {
        applier.delete(
            ScaledObject.class, so.getMetadata().getNamespace(), so.getMetadata().getName());
        removed++;
      }
    }
    return removed;
  }

  /**
   * Deletes everything this topic owns in KEDA; owner references would do it too, where a garbage
   * collector runs.
   */
  public void cleanup(ServerlessTopic topic) {
    if (Conditions.has(
            topic.getStatus() == null ? null : topic.getStatus().getConditions(), CONDITION)
        && keda.available()) {
      removeStale(topic, Set.of());
      deleteIfOwned(topic, TriggerAuthentication.class, TopicNames.of(topic).secretName());
    }
  }

  /**
   * Owned by the topic: its owner annotation, or (written by earlier versions) its owner reference.
   */
  private static boolean ownedBy(HasMetadata resource, String uid) {
    var annotations = resource.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(ApiGroup.ANNOTATION_OWNER_UID)) {
      return Objects.equals(annotations.get(ApiGroup.ANNOTATION_OWNER_UID), uid);
    }
    return resource.getMetadata().getOwnerReferences() != null
        && resource.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> Objects.equals(o.getUid(), uid));
  }
}
