package io.serverlesskafka.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.AllowedTopics;
import io.serverlesskafka.api.v1alpha1.NamespacesFrom;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.TopicNamespaces;
import io.serverlesskafka.operator.reconcile.ClusterResolver.TopicNamespace;
import io.serverlesskafka.operator.status.ConditionReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterResolverTest {
  static final TopicNamespace TEAM_A = new TopicNamespace("team-a", Map.of());

  static ServerlessKafka cluster(String ns, String name, boolean isDefault, NamespacesFrom from) {
    ServerlessKafka k = new ServerlessKafka();
    k.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(ns)
            .withName(name)
            .withAnnotations(
                isDefault ? Map.of("serverlesskafka.io/default-cluster", "true") : Map.of())
            .build());
    if (from != null) {
      TopicNamespaces namespaces = new TopicNamespaces();
      namespaces.setFrom(from);
      AllowedTopics allowed = new AllowedTopics();
      allowed.setNamespaces(namespaces);
      k.getSpec().setAllowedTopics(allowed);
    }
    return k;
  }

  static ServerlessKafka open(String ns, String name, boolean isDefault) {
    return cluster(ns, name, isDefault, NamespacesFrom.All);
  }

  static ClusterResolver.Resolution resolve(String reference, List<ServerlessKafka> clusters) {
    return ClusterResolver.resolve(reference, null, clusters, TEAM_A);
  }

  @Test
  void resolvesQualifiedAndBareNames() {
    var all = List.of(open("kafka", "shared", false), open("other", "big", false));
    assertThat(resolve("kafka/shared", all).cluster().getMetadata().getName()).isEqualTo("shared");
    assertThat(resolve("big", all).cluster().getMetadata().getNamespace()).isEqualTo("other");
  }

  @Test
  void bareNameInTwoNamespacesIsAmbiguous() {
    var r = resolve("shared", List.of(open("a", "shared", false), open("b", "shared", false)));
    assertThat(r.problem()).isEqualTo(ConditionReason.ClusterAmbiguous);
    assertThat(r.message()).contains("a/shared", "b/shared");
  }

  @Test
  void aBareNameResolvesAmongTheClustersThatAcceptTheNamespaceOnly() {
    var r =
        resolve("shared", List.of(open("a", "shared", false), cluster("b", "shared", false, null)));
    assertThat(r.cluster().getMetadata().getNamespace()).isEqualTo("a");
  }

  @Test
  void absentReferenceUsesTheAnnotatedDefaultOrTheOnlyCluster() {
    assertThat(resolve(null, List.of(open("k", "only", false))).found()).isTrue();
    assertThat(
            resolve(null, List.of(open("k", "one", false), open("k", "two", true)))
                .cluster()
                .getMetadata()
                .getName())
        .isEqualTo("two");
    var none = resolve(null, List.of(open("k", "one", false), open("k", "two", false)));
    assertThat(none.problem()).isEqualTo(ConditionReason.ClusterNotFound);
    assertThat(none.message()).contains("serverlesskafka.io/default-cluster");
  }

  @Test
  void
      aClusterThatDoesNotAcceptTheNamespaceIsNotAllowedAndTheMessageNamesOnlyWhatTheTenantAskedFor() {
    var closed = cluster("kafka", "private", false, null);
    var r =
        resolve(
            "kafka/private",
            List.of(closed, cluster("secret-ns", "hidden", false, NamespacesFrom.Same)));
    assertThat(r.problem()).isEqualTo(ConditionReason.ClusterNotAllowed);
    assertThat(r.message())
        .contains("kafka/private", "team-a")
        .doesNotContain("hidden", "secret-ns");
    assertThat(resolve("private", List.of(closed)).problem())
        .isEqualTo(ConditionReason.ClusterNotAllowed);
  }

  @Test
  void theDefaultClusterIsUsedOnlyIfItAcceptsTheNamespaceAndIsNotNamedOtherwise() {
    var r = resolve(null, List.of(cluster("platform", "default", true, NamespacesFrom.Same)));
    assertThat(r.problem()).isEqualTo(ConditionReason.ClusterNotAllowed);
    assertThat(r.message()).doesNotContain("platform");
    // the only cluster is no fallback when it does not accept the namespace
    assertThat(resolve(null, List.of(cluster("platform", "only", false, null))).problem())
        .isEqualTo(ConditionReason.ClusterNotFound);
  }

  @Test
  void aMissingClusterListsOnlyClustersThatAcceptTheNamespace() {
    var r =
        resolve(
            "kafka/nope",
            List.of(open("kafka", "shared", false), cluster("private", "x", false, null)));
    assertThat(r.problem()).isEqualTo(ConditionReason.ClusterNotFound);
    assertThat(r.message()).contains("kafka/nope", "kafka/shared").doesNotContain("private/x");
  }

  @Test
  void aClusterBeingDeletedTakesNoNewTopicsButKeepsItsOwn() {
    var deleting = open("kafka", "shared", false);
    deleting.getMetadata().setDeletionTimestamp("2026-12-04T15:00:00Z");
    assertThat(resolve("kafka/shared", List.of(deleting)).problem())
        .isEqualTo(ConditionReason.ClusterDeleting);
    assertThat(
            ClusterResolver.resolve("kafka/shared", "kafka/shared", List.of(deleting), TEAM_A)
                .found())
        .isTrue();
  }

  @Test
  void aPlacedTopicStaysOnItsClusterWhateverAppearsLater() {
    // a second default cluster and another "shared" appear after the topic was placed on
    // kafka/shared
    var clusters = List.of(open("kafka", "shared", true), open("rogue", "shared", true));
    assertThat(
            ClusterResolver.resolve(null, "kafka/shared", clusters, TEAM_A)
                .cluster()
                .getMetadata()
                .getNamespace())
        .isEqualTo("kafka");
    assertThat(
            ClusterResolver.resolve("shared", "kafka/shared", clusters, TEAM_A)
                .cluster()
                .getMetadata()
                .getNamespace())
        .isEqualTo("kafka");
  }

  @Test
  void aChangedReferenceIsReportedNotFollowed() {
    var clusters = List.of(open("kafka", "shared", false), open("kafka", "other", false));
    var r = ClusterResolver.resolve("kafka/other", "kafka/shared", clusters, TEAM_A);
    assertThat(r.problem()).isEqualTo(ConditionReason.ClusterChanged);
    assertThat(r.message()).contains("kafka/shared", "kafka/other");
  }

  @Test
  void aPlacedTopicWhoseNamespaceIsNoLongerAcceptedIsReported() {
    var r =
        ClusterResolver.resolve(
            null, "kafka/shared", List.of(cluster("kafka", "shared", false, null)), TEAM_A);
    assertThat(r.problem()).isEqualTo(ConditionReason.ClusterNotAllowed);
    assertThat(ClusterResolver.resolve(null, "kafka/gone", List.of(), TEAM_A).problem())
        .isEqualTo(ConditionReason.ClusterNotFound);
  }

  @Test
  void onlyPlacedTopicsUseACluster() {
    var k = open("kafka", "shared", false);
    assertThat(ClusterResolver.refersTo("kafka/shared", null, k))
        .as("named but never placed")
        .isFalse();
    assertThat(ClusterResolver.refersTo(null, "kafka/shared", k)).isTrue();
    assertThat(ClusterResolver.refersTo(null, "kafka/other", k)).isFalse();
  }
}
