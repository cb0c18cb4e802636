package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupNamesTest {

    private final GroupNames names = new GroupNames(true);

    @Test
    void prefixesWithTheCallersOwnUserOnce() {
        assertThat(names.kafkaGroup("team-a.orders", "mygroup")).isEqualTo("team-a.orders.mygroup");
        assertThat(names.kafkaGroup("team-a.orders", "team-a.orders.mygroup")).isEqualTo("team-a.orders.mygroup");
        // Another tenant's prefix is not special: it gets the caller's prefix too, and Kafka's ACLs decide.
        assertThat(names.kafkaGroup("team-a.orders", "team-b.events.g")).isEqualTo("team-a.orders.team-b.events.g");
        assertThat(names.displayName("team-a.orders", "team-a.orders.mygroup")).isEqualTo("mygroup");
        assertThat(new GroupNames(false).kafkaGroup("u", "g")).isEqualTo("g");
    }
}
