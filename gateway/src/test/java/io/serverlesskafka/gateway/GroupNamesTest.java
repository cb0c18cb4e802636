package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupNamesTest {

  private final GroupNames names = new GroupNames(true);

  @Test
  void prefixesWithTheCallersOwnUserOnce() {
    // the operator grants a topic's user the groups <namespace>.<name>_*
    assertThat(names.kafkaGroup("team-a.orders", "mygroup")).isEqualTo("team-a.orders_mygroup");
    assertThat(names.kafkaGroup("team-a.orders", "team-a.orders_mygroup"))
        .isEqualTo("team-a.orders_mygroup");
    // groups of the earlier prefix, still granted to topics made before it changed, are used as
    // they are
    assertThat(names.kafkaGroup("team-a.orders", "team-a.orders.mygroup"))
        .isEqualTo("team-a.orders.mygroup");
    // Another tenant's prefix is not special: it gets the caller's prefix too, and Kafka's ACLs
    // decide.
    assertThat(names.kafkaGroup("team-a.orders", "team-b.events_g"))
        .isEqualTo("team-a.orders_team-b.events_g");
    assertThat(names.displayName("team-a.orders", "team-a.orders_mygroup")).isEqualTo("mygroup");
    assertThat(names.belongsTo("team-a.orders", "team-a.orders.eu_g"))
        .isTrue(); // legacy prefix: Kafka's ACLs decide
    assertThat(names.belongsTo("team-a.orders", "team-a.ordersx_g")).isFalse();
    assertThat(new GroupNames(false).kafkaGroup("u", "g")).isEqualTo("g");
  }
}
