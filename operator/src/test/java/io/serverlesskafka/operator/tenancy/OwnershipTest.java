package io.serverlesskafka.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.operator.tenancy.Ownership.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnershipTest {
  static final TopicOwner OWNER = new TopicOwner("team-a", "orders", "topic-uid-2", "ns-uid-2");
  static final Map<String, String> OUR_LABELS =
      Map.of(
          "app.kubernetes.io/managed-by",
          "serverless-kafka-operator",
          "serverlesskafka.io/topic-namespace",
          "team-a");

  static ObjectMeta meta(Map<String, String> labels, Map<String, String> annotations) {
    return new ObjectMetaBuilder()
        .withName("team-a.orders")
        .withLabels(labels)
        .withAnnotations(annotations)
        .build();
  }

  @Test
  void nothingThereIsCreated() {
    assertThat(Ownership.judge(null, OWNER, false).kind()).isEqualTo(Kind.ABSENT);
  }

  @Test
  void whatWasWrittenForThisTopicIsItsOwn() {
    assertThat(Ownership.judge(meta(OUR_LABELS, OWNER.annotations()), OWNER, false).kind())
        .isEqualTo(Kind.OURS);
  }

  @Test
  void anObjectSomeoneElseMadeIsForeignEvenWithOurName() {
    var verdict = Ownership.judge(meta(Map.of(), Map.of()), OWNER, true);
    assertThat(verdict.kind()).isEqualTo(Kind.FOREIGN);
    assertThat(verdict.why()).contains("not created by the operator");
    // copying our labels is not enough
    assertThat(Ownership.judge(meta(OUR_LABELS, Map.of()), OWNER, false).kind())
        .isEqualTo(Kind.FOREIGN);
  }

  @Test
  void anObjectOfAnotherOwnerIsForeign() {
    var other = new TopicOwner("team-b", "x", "other-uid", "ns-b").annotations();
    var verdict = Ownership.judge(meta(OUR_LABELS, other), OWNER, false);
    assertThat(verdict.kind()).isEqualTo(Kind.FOREIGN);
    assertThat(verdict.why()).contains("ServerlessTopic/team-b/x");
  }

  @Test
  void aTopicRetainedInTheSameNamespaceInstanceGoesToTheNextTopicOfThatName() {
    var earlier = new TopicOwner("team-a", "orders", "topic-uid-1", "ns-uid-2").annotations();
    assertThat(Ownership.judge(meta(OUR_LABELS, earlier), OWNER, false).kind())
        .isEqualTo(Kind.ADOPT);
  }

  @Test
  void aTopicRetainedInAnEarlierNamespaceOfTheSameNameIsNotHandedToTheNewTeam() {
    var earlier = new TopicOwner("team-a", "orders", "topic-uid-1", "ns-uid-1").annotations();
    var verdict = Ownership.judge(meta(OUR_LABELS, earlier), OWNER, false);
    assertThat(verdict.kind()).isEqualTo(Kind.FOREIGN);
    assertThat(verdict.why()).contains("serverlesskafka.io/adoptable-by=team-a");
  }

  @Test
  void aPlatformAdminCanMarkARetainedTopicAdoptableByANamespace() {
    var earlier =
        new java.util.HashMap<>(
            new TopicOwner("team-a", "orders", "topic-uid-1", "ns-uid-1").annotations());
    earlier.put("serverlesskafka.io/adoptable-by", "team-a");
    assertThat(Ownership.judge(meta(OUR_LABELS, earlier), OWNER, false).kind())
        .isEqualTo(Kind.ADOPT);
    earlier.put("serverlesskafka.io/adoptable-by", "team-b");
    assertThat(Ownership.judge(meta(OUR_LABELS, earlier), OWNER, false).kind())
        .isEqualTo(Kind.FOREIGN);
  }

  @Test
  void objectsOfEarlierVersionsAreTheTopicsOnlyWhenItsStatusOrOwnerReferenceSaysSo() {
    assertThat(Ownership.judge(meta(OUR_LABELS, Map.of()), OWNER, true).kind())
        .isEqualTo(Kind.ADOPT);
    ObjectMeta withOwnerReference = meta(OUR_LABELS, Map.of());
    withOwnerReference.setOwnerReferences(
        java.util.List.of(
            new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withUid("topic-uid-2")
                .withName("orders")
                .withKind("ServerlessTopic")
                .build()));
    assertThat(Ownership.judge(withOwnerReference, OWNER, false).kind()).isEqualTo(Kind.ADOPT);
    // labels of another namespace: not this topic's
    assertThat(
            Ownership.judge(
                    meta(
                        Map.of(
                            "app.kubernetes.io/managed-by",
                            "serverless-kafka-operator",
                            "serverlesskafka.io/topic-namespace",
                            "team-b"),
                        Map.of()),
                    OWNER,
                    true)
                .kind())
        .isEqualTo(Kind.FOREIGN);
  }

  @Test
  void aLeftoverOfAnEarlierTopicInTheTenantsNamespaceIsNotTakenOverSilently() {
    var earlier = new TopicOwner("team-a", "orders", "topic-uid-1", null).annotations();
    var verdict = Ownership.judge(meta(OUR_LABELS, earlier), OWNER, false);
    assertThat(verdict.kind()).isEqualTo(Kind.FOREIGN);
    assertThat(verdict.why()).contains("earlier ServerlessTopic orders");
  }

  @Test
  void cleanupFindsTheTopicsObjectsByItsUidEvenWhenItsStatusNeverNamedACluster() {
    ObjectMeta user = meta(OUR_LABELS, OWNER.annotations());
    user.setNamespace("kafka");
    assertThat(Ownership.ownedForCleanup(user, OWNER, "team-a.orders", null)).isTrue();
    ObjectMeta retainedByEarlier =
        meta(
            OUR_LABELS,
            new TopicOwner("team-a", "orders", "topic-uid-1", "ns-uid-1").annotations());
    retainedByEarlier.setNamespace("kafka");
    assertThat(Ownership.ownedForCleanup(retainedByEarlier, OWNER, "team-a.orders", "kafka"))
        .isFalse();
    ObjectMeta foreign = meta(Map.of(), Map.of());
    foreign.setNamespace("kafka");
    assertThat(Ownership.ownedForCleanup(foreign, OWNER, "team-a.orders", "kafka")).isFalse();
    ObjectMeta legacy = meta(OUR_LABELS, Map.of());
    legacy.setNamespace("kafka");
    assertThat(Ownership.ownedForCleanup(legacy, OWNER, "team-a.orders", "kafka"))
        .as("earlier version, on its cluster")
        .isTrue();
    assertThat(Ownership.ownedForCleanup(legacy, OWNER, "team-a.orders", "other")).isFalse();
  }
}
