package io.serverlesskafka.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicNamesTest {
  /**
   * Kubernetes names: lowercase alphanumerics, '-' and '.'; topic names here, namespaces (no dot)
   * below.
   */
  static final List<String> NAMES =
      List.of(
          "a",
          "a.b",
          "a.b.c",
          "a-b",
          "ab",
          "a.bc",
          "b",
          "a.a",
          "a-",
          "orders",
          "orders.eu",
          "orders.eu.west",
          "orders-eu");

  static final List<String> NAMESPACES = List.of("team", "team-a", "team.a".replace(".", "-"));

  @Test
  void noTopicsGroupPrefixStartsAnotherTopicsGroup() {
    List<TopicNames> all = new ArrayList<>();
    for (String ns : NAMESPACES) {
      for (String name : NAMES) {
        all.add(new TopicNames(ns, name));
      }
    }
    // Every group a topic may use starts with its prefix; KEDA groups too (prefix + group, group
    // any string).
    for (TopicNames one : all) {
      for (TopicNames other : all) {
        if (!one.equals(other)) {
          assertThat(other.groupPrefix())
              .as(one + " vs " + other)
              .doesNotStartWith(one.groupPrefix());
        }
      }
    }
  }

  @Test
  void theOldPrefixDidOverlap() {
    // The reason for the change: team.a. covered team.a.b.<group>, topic a.b's groups.
    assertThat(new TopicNames("team", "a.b").legacyGroupPrefix())
        .startsWith(new TopicNames("team", "a").legacyGroupPrefix());
    assertThat(new TopicNames("team", "a").groupPrefix()).isEqualTo("team.a_");
  }
}
