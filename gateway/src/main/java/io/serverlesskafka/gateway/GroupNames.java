package io.serverlesskafka.gateway;

/**
 * Maps the consumer group names callers use to Kafka group ids. A topic's user may only use groups prefixed
 * {@code <user>.} (its ACLs say so), while Upstash clients name groups freely ({@code mygroup}); so a name without
 * the prefix gets it, and a name that already has it is used as is. Kafka's ACLs still decide: the mapping never
 * reaches another tenant's group because the prefix is always the caller's own username.
 */
public record GroupNames(boolean prefixWithUser) {

    public String kafkaGroup(String user, String group) {
        if (group == null || group.isBlank()) {
            throw GatewayException.badRequest("consumer group name is empty");
        }
        if (!prefixWithUser || group.startsWith(user + ".")) {
            return group;
        }
        return user + "." + group;
    }

    /** The name shown to the caller for a Kafka group id (the prefix this class adds is taken off again). */
    public String displayName(String user, String kafkaGroup) {
        String prefix = user + ".";
        return prefixWithUser && kafkaGroup.startsWith(prefix) ? kafkaGroup.substring(prefix.length()) : kafkaGroup;
    }

    public boolean belongsTo(String user, String kafkaGroup) {
        return !prefixWithUser || kafkaGroup.startsWith(user + ".");
    }
}
