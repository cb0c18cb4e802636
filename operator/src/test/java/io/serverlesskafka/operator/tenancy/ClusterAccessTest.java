package io.serverlesskafka.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.AllowedTopics;
import io.serverlesskafka.api.v1alpha1.NamespacesFrom;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.TopicNamespaces;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterAccessTest {
  static ServerlessKafka cluster(NamespacesFrom from, LabelSelector selector) {
    ServerlessKafka k = new ServerlessKafka();
    k.setMetadata(new ObjectMetaBuilder().withNamespace("kafka").withName("shared").build());
    if (from != null) {
      TopicNamespaces ns = new TopicNamespaces();
      ns.setFrom(from);
      ns.setSelector(selector);
      AllowedTopics allowed = new AllowedTopics();
      allowed.setNamespaces(ns);
      k.getSpec().setAllowedTopics(allowed);
    }
    return k;
  }

  @Test
  void aClusterThatSaysNothingAcceptsOnlyItsOwnNamespace() {
    ServerlessKafka k = cluster(null, null);
    assertThat(ClusterAccess.from(k)).isEqualTo(NamespacesFrom.Same);
    assertThat(ClusterAccess.allows(k, "kafka", Map.of())).isTrue();
    assertThat(ClusterAccess.allows(k, "team-a", Map.of())).isFalse();
  }

  @Test
  void allAcceptsEveryNamespace() {
    assertThat(ClusterAccess.allows(cluster(NamespacesFrom.All, null), "team-a", Map.of()))
        .isTrue();
  }

  @Test
  void selectorAcceptsNamespacesWhoseLabelsMatch() {
    ServerlessKafka k =
        cluster(
            NamespacesFrom.Selector,
            new LabelSelectorBuilder()
                .addToMatchLabels("kafka-tenant", "true")
                .addNewMatchExpression()
                .withKey("env")
                .withOperator("In")
                .withValues("prod", "staging")
                .endMatchExpression()
                .build());
    assertThat(ClusterAccess.allows(k, "team-a", Map.of("kafka-tenant", "true", "env", "prod")))
        .isTrue();
    assertThat(ClusterAccess.allows(k, "team-a", Map.of("kafka-tenant", "true", "env", "dev")))
        .isFalse();
    assertThat(ClusterAccess.allows(k, "team-a", Map.of("env", "prod"))).isFalse();
    // its own namespace is not special with a selector: it must match too
    assertThat(ClusterAccess.allows(k, "kafka", Map.of())).isFalse();
  }

  @Test
  void selectorOperatorsFollowKubernetes() {
    var notIn =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("NotIn")
            .withValues("restricted")
            .endMatchExpression()
            .build();
    assertThat(LabelSelectorMatch.matches(notIn, Map.of())).isTrue();
    assertThat(LabelSelectorMatch.matches(notIn, Map.of("tier", "restricted"))).isFalse();
    var exists =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("kafka")
            .withOperator("Exists")
            .endMatchExpression()
            .build();
    assertThat(LabelSelectorMatch.matches(exists, Map.of("kafka", ""))).isTrue();
    assertThat(LabelSelectorMatch.matches(exists, Map.of())).isFalse();
    var absent =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("kafka")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();
    assertThat(LabelSelectorMatch.matches(absent, Map.of())).isTrue();
    var unknown =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("kafka")
            .withOperator("Like")
            .endMatchExpression()
            .build();
    assertThat(LabelSelectorMatch.matches(unknown, Map.of("kafka", "x"))).isFalse();
    assertThat(LabelSelectorMatch.matches(new LabelSelector(), Map.of("any", "thing")))
        .as("empty selector")
        .isTrue();
    assertThat(LabelSelectorMatch.matches(null, Map.of())).as("no selector").isFalse();
  }
}
