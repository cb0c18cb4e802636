package io.serverlesskafka.gateway;

/**
 * Maps the consumer group names callers use to Kafka group ids. A topic's user may only use groups
 * prefixed {@code <user>_} (the operator's ACLs; Kubernetes names have no {@code _}, so no topic's
 * prefix starts another's), while Upstash clients name groups freely ({@code mygroup}); so a name
 * without the prefix gets it, and a name that already has it is used as is. Topics from before that
 * prefix may also be granted {@code <user>.} (docs/architecture.md, "Consumer groups cannot
 * overlap"): names with it are used as is too. Kafka's ACLs still decide: the mapping never reaches
 * another tenant's group because the prefix is always the caller's own username.
 */
public record GroupNames(boolean prefixWithUser) {
  static final String SEPARATOR = "_";
  static final String LEGACY_SEPARATOR = ".";

  public String kafkaGroup(String user, String group) {
    if (group == null || group.isBlank()) {
      throw GatewayException.badRequest("consumer group name is empty");
    }
    if (!prefixWithUser || hasPrefix(user, group)) {
      return group;
    }
    return user + SEPARATOR + group;
  }

  /**
   * The name shown to the caller for a Kafka group id (the prefix this class adds is taken off
   * again).
   */
  public String displayName(String user, String kafkaGroup) {
    String prefix = user + SEPARATOR;
    return prefixWithUser && kafkaGroup.startsWith(prefix)
        ? kafkaGroup.substring(prefix.length())
        : kafkaGroup;
  }

  public boolean belongsTo(String user, String kafkaGroup) {
    return !prefixWithUser || hasPrefix(user, kafkaGroup);
  }

  private static boolean hasPrefix(String user, String group) {
    return group.startsWith(user + SEPARATOR) || group.startsWith(user + LEGACY_SEPARATOR);
  }
}
