package io.serverlesskafka.devcluster.strimzi;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.devcluster.kafka.KafkaAdminOperations;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserStatusBuilder;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import io.strimzi.api.kafka.model.user.acl.StrimziAclOperation;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Realizes a KafkaUser as Strimzi's user operator does for SCRAM-SHA-512: the credential (password
 * kept in the user's Secret, reused across restarts), exactly the ACLs of the spec, and the quotas.
 */
final class UserRealizer {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final KubernetesClient client;
  private final StatusWriter statusWriter;

  UserRealizer(KubernetesClient client, StatusWriter statusWriter) {
    this.client = client;
    this.statusWriter = statusWriter;
  }

  void reconcile(KafkaUser ku, KafkaAdminOperations admin, String cluster) {
    String ns = ku.getMetadata().getNamespace();
    String user = ku.getMetadata().getName();
    if (ku.getMetadata().getDeletionTimestamp() != null) {
      admin.deleteUser(user);
      UserSecrets.delete(client, ns, user);
      Finalizers.remove(client, ku);
      return;
    }
    Finalizers.add(client, ku);
    Condition condition;
    try {
      String password = UserSecrets.password(client, ns, user).orElseGet(UserRealizer::newPassword);
      admin.upsertScramUser(user, password);
      UserSecrets.write(
          client,
          ns,
          cluster,
          user,
          password,
          new OwnerReferenceBuilder()
              .withApiVersion(ku.getApiVersion())
              .withKind(ku.getKind())
              .withName(user)
              .withUid(ku.getMetadata().getUid())
              .withController(true)
              .build());
      List<AclBinding> acls = new ArrayList<>();
      if (ku.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple
          && simple.getAcls() != null) {
        for (AclRule rule : simple.getAcls()) {
          acls.addAll(toKafka(user, rule));
        }
      }
      admin.replaceAcls(user, acls);
      var quotas = ku.getSpec().getQuotas();
      admin.setQuotas(
          user,
          quotas == null || quotas.getProducerByteRate() == null
              ? null
              : quotas.getProducerByteRate().longValue(),
          quotas == null || quotas.getConsumerByteRate() == null
              ? null
              : quotas.getConsumerByteRate().longValue());
      condition = StrimziConditions.ready();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      condition =
          StrimziConditions.notReady(
              cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()));
    }
    statusWriter.write(
        ku,
        new KafkaUserStatusBuilder()
            .withObservedGeneration(ku.getMetadata().getGeneration())
            .withUsername(user)
            .withSecret(user)
            .withConditions(condition)
            .build());
  }

  static List<AclBinding> toKafka(String user, AclRule rule) {
    ResourcePattern pattern;
    if (rule.getResource() instanceof AclRuleTopicResource t) {
      pattern =
          new ResourcePattern(ResourceType.TOPIC, t.getName(), patternType(t.getPatternType()));
    } else if (rule.getResource() instanceof AclRuleGroupResource g) {
      pattern =
          new ResourcePattern(ResourceType.GROUP, g.getName(), patternType(g.getPatternType()));
    } else if (rule.getResource() instanceof AclRuleTransactionalIdResource x) {
      pattern =
          new ResourcePattern(
              ResourceType.TRANSACTIONAL_ID, x.getName(), patternType(x.getPatternType()));
    } else if (rule.getResource() instanceof AclRuleClusterResource) {
      pattern = new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
    } else {
      throw new IllegalArgumentException("unsupported ACL resource " + rule.getResource());
    }
    AclPermissionType permission =
        rule.getType() == AclRuleType.DENY ? AclPermissionType.DENY : AclPermissionType.ALLOW;
    String host = rule.getHost() == null ? "*" : rule.getHost();
    List<AclBinding> bindings = new ArrayList<>();
    for (StrimziAclOperation op : rule.getOperations()) {
      bindings.add(
          new AclBinding(
              pattern,
              new AccessControlEntry("User:" + user, host, kafkaOperation(op), permission)));
    }
    return bindings;
  }

  /**
   * Strimzi spells operations in camel case (DescribeConfigs), Kafka's enum in upper snake case.
   */
  static AclOperation kafkaOperation(StrimziAclOperation op) {
    return AclOperation.valueOf(
        op.toValue().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT));
  }

  private static PatternType patternType(AclResourcePatternType type) {
    return type == AclResourcePatternType.PREFIX ? PatternType.PREFIXED : PatternType.LITERAL;
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
