package io.serverlesskafka.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.BrokerSettings;
import io.serverlesskafka.api.v1alpha1.ProvisioningMode;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.api.v1alpha1.WakeUpStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.model.KafkaClusterModel;
import io.serverlesskafka.operator.model.StrimziNames;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Apply;
import io.serverlesskafka.operator.reconcile.ClusterDecision.ApplyIfUnchanged;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Delete;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Note;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Phase;
import io.serverlesskafka.operator.status.ConditionReason;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaStatusBuilder;
import io.strimzi.api.kafka.model.kafka.listener.ListenerAddressBuilder;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatusBuilder;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePoolStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserStatusBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The rules of a cluster's reconcile, one observation each, no API server: deletion waits for every
 * topic (retained ones included) and the cluster stays managed meanwhile; a bad spec changes
 * nothing; a scaled pool is not written back; OnDemand hibernation; Events once per change.
 */
class ClusterDeciderTest {
  static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  final ClusterDecider decider = new ClusterDecider(CLOCK);

  static ServerlessKafka cluster(int min, int max) {
    ServerlessKafka k = new ServerlessKafka();
    k.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("kafka")
            .withName("shared")
            .withUid("cluster-uid")
            .withGeneration(1L)
            .build());
    BrokerSettings brokers = new BrokerSettings();
    brokers.setMin(min);
    brokers.setMax(max);
    k.getSpec().setBrokers(brokers);
    return k;
  }

  static ServerlessKafka deleting(ServerlessKafka k) {
    k.getMetadata().setDeletionTimestamp("2026-12-05T07:59:00Z");
    return k;
  }

  static ClusterUsage usage(List<String> topics, List<String> retained) {
    return new ClusterUsage(topics, retained);
  }

  static final ClusterUsage ONE_TOPIC = usage(List.of("team-a/orders"), List.of());
  static final ClusterUsage UNUSED = usage(List.of(), List.of());

  /** The Kafka the operator would write, as Strimzi reports it when it has reconciled it. */
  static Kafka readyKafka(ServerlessKafka k) {
    Kafka kafka = new KafkaClusterModel(k).kafka();
    kafka.getMetadata().setGeneration(1L);
    kafka.setStatus(
        new KafkaStatusBuilder()
            .withObservedGeneration(1L)
            .withConditions(new ConditionBuilder().withType("Ready").withStatus("True").build())
            .withKafkaVersion("4.1.0")
            .withListeners(
                new ListenerStatusBuilder()
                    .withName(StrimziNames.CLIENT_LISTENER)
                    .withAddresses(
                        new ListenerAddressBuilder()
                            .withHost("shared-kafka-bootstrap.kafka.svc")
                            .withPort(9093)
                            .build())
                    .build())
            .build());
    return kafka;
  }

  static KafkaUser readyAdmin(ServerlessKafka k) {
    KafkaUser user = new KafkaClusterModel(k).adminUser();
    user.getMetadata().setGeneration(1L);
    user.setStatus(
        new KafkaUserStatusBuilder()
            .withObservedGeneration(1L)
            .withConditions(new ConditionBuilder().withType("Ready").withStatus("True").build())
            .build());
    return user;
  }

  static KafkaNodePool pool(ServerlessKafka k, int replicas, String resourceVersion) {
    KafkaNodePool pool = new KafkaClusterModel(k).brokerPool(replicas);
    pool.getMetadata().setResourceVersion(resourceVersion);
    pool.setStatus(new KafkaNodePoolStatusBuilder().withReplicas(replicas).build());
    return pool;
  }

  /** A cluster Strimzi runs and reports Ready, with {@code brokers} brokers. */
  static ClusterObservation running(ServerlessKafka k, ClusterUsage usage, int brokers) {
    KafkaNodePool pool = pool(k, brokers, "41");
    return new ClusterObservation(k, usage, readyKafka(k), readyAdmin(k), pool, pool, null);
  }

  /** The next look at the cluster: its status is what the previous decision wrote. */
  static ClusterObservation after(ClusterDecision previous, ClusterObservation o) {
    o.cluster().setStatus(previous.status());
    return o;
  }

  static Condition ready(ClusterDecision d) {
    return d.status().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  static List<EventReason> warnings(ClusterDecision d) {
    return d.events().stream().filter(Note::warning).map(Note::reason).toList();
  }

  static List<String> deletedKinds(ClusterDecision d) {
    return d.writes().stream()
        .filter(w -> w instanceof Delete)
        .map(w -> ((Delete) w).type().getSimpleName() + " " + ((Delete) w).name())
        .toList();
  }

  @Test
  void readyClusterReportsItsAddressAndSaysReadyOnce() {
    ServerlessKafka k = cluster(3, 6);
    ClusterDecision first = decider.decide(running(k, ONE_TOPIC, 3));

    assertThat(first.phase()).isEqualTo(Phase.READY);
    assertThat(ready(first).getStatus()).isEqualTo("True");
    assertThat(first.status().getBootstrapServers())
        .isEqualTo("shared-kafka-bootstrap.kafka.svc:9093");
    assertThat(first.status().getSecurityProtocol()).isEqualTo("SASL_SSL");
    assertThat(first.status().getReadyBrokers()).isEqualTo(3);
    assertThat(first.status().getTopics()).isEqualTo(1);
    assertThat(first.status().getServedTopics()).containsExactly("team-a/orders");
    assertThat(first.events()).extracting(Note::reason).containsExactly(EventReason.Ready);

    ClusterDecision second = decider.decide(after(first, running(k, ONE_TOPIC, 3)));
    assertThat(second.events()).as("nothing changed: nothing to say").isEmpty();
  }

  @Test
  void aClusterThatServesATopicIsNotDeletedAndStaysManaged() {
    ServerlessKafka k = deleting(cluster(3, 6));
    ClusterDecision d = decider.decide(running(k, ONE_TOPIC, 3));

    assertThat(d.phase()).as("still applied, autoscaled and rebalanced").isEqualTo(Phase.READY);
    assertThat(deletedKinds(d)).noneMatch(w -> !w.startsWith("ConfigMap"));
    assertThat(d.writes())
        .filteredOn(w -> w instanceof Apply a && a.object() instanceof Kafka)
        .hasSize(1);
    assertThat(ready(d).getStatus()).isEqualTo("False");
    assertThat(ready(d).getReason()).isEqualTo("DeletionBlocked");
    assertThat(ready(d).getMessage())
        .startsWith("deletion refused: 1 ServerlessTopic(s) and 0 retained Kafka topic(s)")
        .contains("team-a/orders");
    assertThat(d.deletionRefused()).isEqualTo(ready(d).getMessage());
    assertThat(warnings(d)).containsExactly(EventReason.DeletionBlocked);
  }

  @Test
  void aRetainedTopicAloneBlocksDeletion() {
    ServerlessKafka k = deleting(cluster(3, 6));
    ClusterDecision d = decider.decide(running(k, usage(List.of(), List.of("team-a.ledger")), 3));

    assertThat(d.phase()).isNotEqualTo(Phase.REMOVED);
    assertThat(d.status().getRetainedTopics()).isEqualTo(1);
    assertThat(d.status().getServedTopics()).containsExactly("retained team-a.ledger");
    assertThat(ready(d).getMessage())
        .contains("0 ServerlessTopic(s) and 1 retained Kafka topic(s) (retained team-a.ledger)")
        .contains("its KafkaTopic in kafka");
  }

  @Test
  void theRefusalIsSaidOnceWhateverElseChangesMeanwhile() {
    ServerlessKafka k = deleting(cluster(3, 6));
    ClusterDecision refused = decider.decide(running(k, ONE_TOPIC, 3));
    assertThat(warnings(refused)).containsExactly(EventReason.DeletionBlocked);

    // looked at again, unchanged
    ClusterDecision again = decider.decide(after(refused, running(k, ONE_TOPIC, 3)));
    assertThat(again.events()).isEmpty();

    // the minimum is raised meanwhile: the Kafka's new generation is not reconciled by Strimzi yet
    k.getSpec().getBrokers().setMin(4);
    k.getMetadata().setGeneration(2L);
    ClusterObservation raised = after(again, running(k, ONE_TOPIC, 3));
    raised.kafka().getMetadata().setGeneration(2L);
    ClusterDecision waiting = decider.decide(raised);
    assertThat(ready(waiting).getMessage())
        .startsWith(refused.deletionRefused())
        .contains("meanwhile Provisioning");
    assertThat(waiting.writes())
        .filteredOn(w -> w instanceof ApplyIfUnchanged)
        .singleElement()
        .satisfies(
            w ->
                assertThat(
                        ((KafkaNodePool) ((ApplyIfUnchanged) w).object()).getSpec().getReplicas())
                    .as("the pool grows to the new minimum while deletion is refused")
                    .isEqualTo(4));
    assertThat(waiting.events()).as("the refusal is not said again").isEmpty();

    // Strimzi catches up: Ready behind the refusal again, still nothing new to say
    ClusterDecision caughtUp = decider.decide(after(waiting, running(k, ONE_TOPIC, 4)));
    assertThat(ready(caughtUp).getMessage()).isEqualTo(refused.deletionRefused());
    assertThat(caughtUp.events()).isEmpty();

    // another topic arrives: the refusal's reason changed, and is said
    ClusterDecision twoTopics =
        decider.decide(
            after(caughtUp, running(k, usage(List.of("team-a/orders", "team-b/x"), List.of()), 4)));
    assertThat(warnings(twoTopics)).containsExactly(EventReason.DeletionBlocked);
  }

  @Test
  void aProblemBehindARefusalIsStillSaidOnce() {
    ServerlessKafka k = deleting(cluster(3, 6));
    ClusterDecision refused = decider.decide(running(k, ONE_TOPIC, 3));
    ClusterObservation rejected = after(refused, running(k, ONE_TOPIC, 3));
    rejected
        .kafka()
        .getStatus()
        .setConditions(
            List.of(
                new ConditionBuilder()
                    .withType("NotReady")
                    .withStatus("True")
                    .withReason("InvalidResourceException")
                    .withMessage("bad storage")
                    .build()));
    ClusterDecision d = decider.decide(rejected);
    assertThat(ready(d).getReason()).isEqualTo("DeletionBlocked");
    assertThat(warnings(d)).containsExactly(EventReason.StrimziRejected);
    assertThat(decider.decide(after(d, rejected)).events()).isEmpty();
  }

  @Test
  void anUnusedClusterBeingDeletedLosesEverythingTheOperatorWrote() {
    ClusterDecision d =
        decider.decide(
            new ClusterObservation(deleting(cluster(3, 6)), UNUSED, null, null, null, null, null));

    assertThat(d.phase()).isEqualTo(Phase.REMOVED);
    assertThat(d.status()).as("nothing to write on a cluster that goes").isNull();
    assertThat(deletedKinds(d))
        .containsExactly(
            "KafkaUser shared-operator-admin",
            "KafkaNodePool shared-brokers",
            "KafkaNodePool shared-controllers",
            "Kafka shared",
            "ConfigMap shared-kafka-metrics",
            "ConfigMap shared-autoscaler-state");
  }

  @Test
  void anInvalidSpecChangesNothingThatRunsAndIsSaidOnce() {
    ServerlessKafka k = cluster(5, 3);
    ClusterDecision d =
        decider.decide(new ClusterObservation(k, ONE_TOPIC, null, null, null, null, null));

    assertThat(d.phase()).isEqualTo(Phase.INVALID_SPEC);
    assertThat(d.writes()).isEmpty();
    assertThat(ready(d).getReason()).isEqualTo("InvalidSpec");
    assertThat(ready(d).getMessage()).isEqualTo("brokers.min (5) is greater than brokers.max (3)");
    assertThat(warnings(d)).containsExactly(EventReason.InvalidSpec);
    assertThat(d.requeue()).isEqualTo(ClusterDecider.RETRY_SOON);

    ClusterDecision again =
        decider.decide(
            after(d, new ClusterObservation(k, ONE_TOPIC, null, null, null, null, null)));
    assertThat(again.events()).isEmpty();
  }

  @Test
  void aPoolScaledByTheAutoscalerKeepsItsSizeAndIsWrittenOnlyIfUnchanged() {
    ServerlessKafka k = cluster(3, 6);
    ClusterDecision d = decider.decide(running(k, ONE_TOPIC, 5));

    assertThat(d.writes())
        .filteredOn(w -> w instanceof ApplyIfUnchanged)
        .singleElement()
        .satisfies(
            w -> {
              ApplyIfUnchanged write = (ApplyIfUnchanged) w;
              assertThat(write.resourceVersion()).isEqualTo("41");
              assertThat(((KafkaNodePool) write.object()).getSpec().getReplicas()).isEqualTo(5);
            });
    assertThat(d.status().getDesiredBrokers()).isEqualTo(5);
  }

  @Test
  void aNewClusterIsCreatedWithItsMinimum() {
    ServerlessKafka k = cluster(3, 6);
    ClusterDecision d =
        decider.decide(new ClusterObservation(k, UNUSED, null, null, null, null, null));

    assertThat(d.phase()).isEqualTo(Phase.RUNNING);
    assertThat(d.writes())
        .filteredOn(w -> w instanceof Apply)
        .extracting(w -> ((Apply) w).object().getKind())
        .containsExactly("Kafka", "KafkaNodePool", "KafkaNodePool", "KafkaUser");
    assertThat(deletedKinds(d))
        .as("no metrics export asked for")
        .containsExactly("ConfigMap shared-kafka-metrics");
    assertThat(d.events()).extracting(Note::reason).containsExactly(EventReason.Created);
    assertThat(d.events().get(0).message()).contains("created with 3 brokers");
    assertThat(ready(d).getReason()).isEqualTo("Provisioning");
    assertThat(warnings(d)).as("waiting for Strimzi is no problem").isEmpty();
  }

  @Test
  void anAddressIsNotTakenFromAKafkaStrimziHasNotCaughtUpWith() {
    ServerlessKafka k = cluster(3, 6);
    ClusterObservation o = running(k, ONE_TOPIC, 3);
    o.kafka().getMetadata().setGeneration(2L); // a listener change not yet rolled out
    ClusterDecision d = decider.decide(o);

    assertThat(d.status().getBootstrapServers()).isNull();
    assertThat(ready(d).getReason()).isEqualTo("Provisioning");
  }

  static ServerlessKafka onDemand() {
    ServerlessKafka k = cluster(1, 3);
    k.getSpec().setProvisioning(ProvisioningMode.OnDemand);
    k.getSpec().setIdleAfter("10m");
    return k;
  }

  static ServerlessKafkaStatus idleSince(Instant since) {
    ServerlessKafkaStatus status = new ServerlessKafkaStatus();
    status.setIdleSince(since.toString());
    status.setBootstrapServers("shared-kafka-bootstrap.kafka.svc:9093");
    status.setSecurityProtocol("SASL_SSL");
    status.setKafkaVersion("4.1.0");
    return status;
  }

  @Test
  void anOnDemandClusterIdleLongEnoughHibernates() {
    ServerlessKafka k = onDemand();
    k.setStatus(idleSince(NOW.minus(Duration.ofMinutes(11))));
    ClusterObservation o = running(k, UNUSED, 1);
    ClusterDecision d =
        decider.decide(
            new ClusterObservation(
                k,
                UNUSED,
                o.kafka(),
                o.adminUser(),
                o.brokerPool(),
                o.liveBrokerPool(),
                new ClusterObservation.Hibernation(true, false)));

    assertThat(d.phase()).isEqualTo(Phase.HIBERNATING);
    assertThat(deletedKinds(d))
        .containsExactly(
            "KafkaUser shared-operator-admin",
            "KafkaNodePool shared-brokers",
            "KafkaNodePool shared-controllers",
            "Kafka shared");
    assertThat(ready(d).getReason()).isEqualTo("Hibernating");
    assertThat(d.status().getDesiredBrokers()).isZero();
    assertThat(d.status().getBootstrapServers()).isNull();
    assertThat(d.clearedStatusFields())
        .as("an old address must not reach new topics' Secrets")
        .contains("bootstrapServers", "securityProtocol", "kafkaVersion");
    assertThat(d.events()).extracting(Note::reason).containsExactly(EventReason.Hibernating);
  }

  @Test
  void anOnDemandClusterKeepsRunningThroughItsGracePeriod() {
    ServerlessKafka k = onDemand();
    ClusterObservation o = running(k, UNUSED, 1);
    ClusterDecision d =
        decider.decide(
            new ClusterObservation(
                k,
                UNUSED,
                o.kafka(),
                o.adminUser(),
                o.brokerPool(),
                o.liveBrokerPool(),
                new ClusterObservation.Hibernation(true, false)));

    assertThat(d.phase()).isEqualTo(Phase.READY);
    assertThat(d.status().getIdleSince()).isEqualTo(NOW.toString());
    assertThat(deletedKinds(d)).noneMatch(w -> w.startsWith("Kafka"));
  }

  @Test
  void dataOrCredentialsStillOnTheBrokersKeepAnOnDemandClusterAwake() {
    ServerlessKafka k = onDemand();
    k.setStatus(idleSince(NOW.minus(Duration.ofHours(1))));
    ClusterObservation o = running(k, UNUSED, 1);
    ClusterDecision d =
        decider.decide(
            new ClusterObservation(
                k,
                UNUSED,
                o.kafka(),
                o.adminUser(),
                o.brokerPool(),
                o.liveBrokerPool(),
                new ClusterObservation.Hibernation(true, true)));

    assertThat(d.phase()).isEqualTo(Phase.READY);
    assertThat(deletedKinds(d)).noneMatch(w -> w.startsWith("Kafka"));
  }

  @Test
  void aTopicWakesAHibernatingClusterAndTheColdStartIsMeasured() {
    ServerlessKafka k = onDemand();
    ServerlessKafkaStatus hibernating = idleSince(NOW.minus(Duration.ofHours(1)));
    hibernating.setConditions(
        List.of(
            io.serverlesskafka.operator.status.Conditions.ready(
                true, ConditionReason.Hibernating, "hibernating", 1L, CLOCK)));
    k.setStatus(hibernating);
    ClusterDecision waking =
        decider.decide(new ClusterObservation(k, ONE_TOPIC, null, null, null, null, null));

    assertThat(waking.phase()).isEqualTo(Phase.RUNNING);
    assertThat(waking.status().getIdleSince()).isNull();
    assertThat(waking.clearedStatusFields()).contains("idleSince");
    assertThat(waking.status().getLastWakeUp().getStartedAt()).isEqualTo(NOW.toString());
    assertThat(waking.events())
        .extracting(Note::reason)
        .containsExactly(EventReason.WakingUp, EventReason.Created);

    ClusterDecider later = new ClusterDecider(Clock.offset(CLOCK, Duration.ofSeconds(95)));
    ClusterDecision awake = later.decide(after(waking, running(k, ONE_TOPIC, 1)));
    WakeUpStatus wakeUp = awake.status().getLastWakeUp();
    assertThat(wakeUp.getColdStartSeconds()).isEqualTo(95);
    assertThat(awake.events())
        .extracting(Note::reason)
        .containsExactly(EventReason.WokeUp, EventReason.Ready);
  }

  /** Deletion goes ahead exactly when nothing is served, whatever mix of topics there is. */
  @Property
  void deletionGoesAheadOnlyWhenNothingIsServed(
      @ForAll @IntRange(max = 30) int topics, @ForAll @IntRange(max = 30) int retained) {
    ClusterUsage usage =
        usage(
            IntStream.range(0, topics).mapToObj(i -> "team/t" + i).toList(),
            IntStream.range(0, retained).mapToObj(i -> "team.r" + i).toList());
    ServerlessKafka k = deleting(cluster(3, 6));
    ClusterDecision d = decider.decide(running(k, usage, 3));

    if (topics + retained == 0) {
      assertThat(d.phase()).isEqualTo(Phase.REMOVED);
    } else {
      assertThat(d.phase()).isEqualTo(Phase.READY);
      assertThat(deletedKinds(d)).allMatch(w -> w.startsWith("ConfigMap"));
      assertThat(d.status().getServedTopics()).hasSize(Math.min(topics + retained, 20));
      assertThat(ready(d).getReason()).isEqualTo("DeletionBlocked");
    }
  }

  /**
   * Over any sequence of looks at a refused cluster while its brokers come and go, the refusal is
   * said once.
   */
  @Property
  void aRefusalIsSaidOnceOverAnySequenceOfLooks(
      @ForAll @IntRange(min = 1, max = 6) int looks, @ForAll boolean strimziLagging) {
    ServerlessKafka k = deleting(cluster(3, 6));
    List<Note> said = new ArrayList<>();
    ClusterDecision d = decider.decide(running(k, ONE_TOPIC, 3));
    said.addAll(d.events());
    for (int i = 0; i < looks; i++) {
      ClusterObservation o = after(d, running(k, ONE_TOPIC, 3 + i % 2));
      if (strimziLagging && i % 2 == 1) {
        o.kafka().getMetadata().setGeneration(2L);
      }
      d = decider.decide(o);
      said.addAll(d.events());
    }
    assertThat(said).filteredOn(n -> n.reason() == EventReason.DeletionBlocked).hasSize(1);
    assertThat(said).filteredOn(Note::warning).hasSize(1);
  }

  @Test
  void theMetricsConfigMapIsDeletedWhenNotExported() {
    ClusterDecision d = decider.decide(running(cluster(3, 6), ONE_TOPIC, 3));
    assertThat(d.writes())
        .filteredOn(w -> w instanceof Delete del && del.type() == ConfigMap.class)
        .hasSize(1);
  }
}
