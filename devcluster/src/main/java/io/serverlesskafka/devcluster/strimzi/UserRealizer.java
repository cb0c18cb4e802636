package io.serverlesskafka.devcluster.strimzi;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.devcluster.kafka.KafkaAdminOperations;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserStatus;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.admin.DeleteAclsResult;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
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

  /**
   * Reconciles KafkaUsers of one Kafka cluster together: one Admin call per step for the whole
   * batch (SCRAM credentials, describe ACLs, create ACLs, delete ACLs, quotas) instead of one per
   * user, each user's own result deciding its condition, so that one bad user fails alone. The
   * Kubernetes calls (finalizer, password Secret, status) run in parallel on {@code kube}.
   *
   * @return the KafkaUsers whose work is done (status written, or deleted)
   */
  List<KafkaUser> reconcileAll(
      List<KafkaUser> batch, KafkaAdminOperations admin, String cluster, ExecutorService kube) {
    List<KafkaUser> done =
        new ArrayList<>(
            Batches.each(
                kube,
                batch.stream()
                    .filter(ku -> ku.getMetadata().getDeletionTimestamp() != null)
                    .toList(),
                "deletion",
                ku -> {
                  admin.deleteUser(ku.getMetadata().getName());
                  UserSecrets.delete(
                      client, ku.getMetadata().getNamespace(), ku.getMetadata().getName());
                  Finalizers.remove(client, ku);
                }));
    List<KafkaUser> live =
        Batches.each(
            kube,
            batch.stream().filter(ku -> ku.getMetadata().getDeletionTimestamp() == null).toList(),
            "finalizer",
            ku -> Finalizers.add(client, ku));
    if (live.isEmpty()) {
      return done;
    }
    Map<KafkaUser, Item> items = new IdentityHashMap<>();
    live.forEach(ku -> items.put(ku, new Item(ku)));
    Batches.each(
        kube,
        live,
        "password",
        ku -> {
          Item item = items.get(ku);
          try {
            item.password =
                UserSecrets.password(client, item.namespace, item.user)
                    .orElseGet(UserRealizer::newPassword);
          } catch (RuntimeException e) {
            item.fail(e);
          }
        });
    realizeCredentials(items.values().stream().filter(Item::pending).toList(), admin);
    Batches.each(
        kube,
        live,
        "secret",
        ku -> {
          Item item = items.get(ku);
          if (item.pending()) {
            try {
              UserSecrets.write(
                  client,
                  item.namespace,
                  cluster,
                  item.user,
                  item.password,
                  new OwnerReferenceBuilder()
                      .withApiVersion(ku.getApiVersion())
                      .withKind(ku.getKind())
                      .withName(item.user)
                      .withUid(ku.getMetadata().getUid())
                      .withController(true)
                      .build());
            } catch (RuntimeException e) {
              item.fail(e);
            }
          }
        });
    realizeAcls(items.values().stream().filter(Item::pending).toList(), admin);
    realizeQuotas(items.values().stream().filter(Item::pending).toList(), admin);
    done.addAll(Batches.each(kube, live, "status", ku -> writeStatus(items.get(ku))));
    return done;
  }

  /** One KafkaUser of a batch and its outcome. */
  private static final class Item {
    final KafkaUser ku;
    final String namespace;
    final String user;
    String password;
    volatile Condition condition;

    Item(KafkaUser ku) {
      this.ku = ku;
      this.namespace = ku.getMetadata().getNamespace();
      this.user = ku.getMetadata().getName();
    }

    boolean pending() {
      return condition == null;
    }

    void fail(RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      condition =
          StrimziConditions.notReady(
              cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()));
    }
  }

  private static void realizeCredentials(List<Item> items, KafkaAdminOperations admin) {
    if (items.isEmpty()) {
      return;
    }
    Map<String, KafkaFuture<Void>> upserted =
        admin
            .admin()
            .alterUserScramCredentials(
                items.stream()
                    .map(
                        i ->
                            (UserScramCredentialAlteration)
                                new UserScramCredentialUpsertion(
                                    i.user,
                                    new ScramCredentialInfo(
                                        ScramMechanism.SCRAM_SHA_512,
                                        KafkaAdminOperations.SCRAM_ITERATIONS),
                                    i.password))
                    .toList())
            .values();
    for (Item item : items) {
      try {
        admin.await(upserted.get(item.user));
      } catch (RuntimeException e) {
        item.fail(e);
      }
    }
  }

  /** Makes every user's ACLs exactly those of its spec: creates the missing, deletes the others. */
  private static void realizeAcls(List<Item> items, KafkaAdminOperations admin) {
    if (items.isEmpty()) {
      return;
    }
    Map<Item, List<AclBinding>> desired = new LinkedHashMap<>();
    for (Item item : items) {
      try {
        List<AclBinding> acls = new ArrayList<>();
        if (item.ku.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple
            && simple.getAcls() != null) {
          for (AclRule rule : simple.getAcls()) {
            acls.addAll(toKafka(item.user, rule));
          }
        }
        desired.put(item, acls);
      } catch (RuntimeException e) {
        item.fail(e);
      }
    }
    if (desired.isEmpty()) {
      return;
    }
    // One describe for all: every ACL of the cluster's users, grouped by principal.
    Map<String, Set<AclBinding>> existing = new HashMap<>();
    Collection<AclBinding> all;
    try {
      all = admin.await(admin.admin().describeAcls(AclBindingFilter.ANY).values());
    } catch (RuntimeException e) {
      desired.keySet().forEach(i -> i.fail(e));
      return;
    }
    for (AclBinding b : all) {
      existing.computeIfAbsent(b.entry().principal(), p -> new HashSet<>()).add(b);
    }
    Map<Item, List<AclBinding>> toCreate = new LinkedHashMap<>();
    Map<Item, List<AclBindingFilter>> toDelete = new LinkedHashMap<>();
    desired.forEach(
        (item, acls) -> {
          Set<AclBinding> has = existing.getOrDefault("User:" + item.user, Set.of());
          toCreate.put(item, acls.stream().filter(b -> !has.contains(b)).distinct().toList());
          toDelete.put(
              item, has.stream().filter(b -> !acls.contains(b)).map(AclBinding::toFilter).toList());
        });
    List<AclBinding> creations = toCreate.values().stream().flatMap(List::stream).toList();
    Map<AclBinding, KafkaFuture<Void>> created =
        creations.isEmpty() ? Map.of() : admin.admin().createAcls(creations).values();
    toCreate.forEach(
        (item, bindings) -> {
          try {
            for (AclBinding b : bindings) {
              admin.await(created.get(b));
            }
          } catch (RuntimeException e) {
            item.fail(e);
          }
        });
    List<AclBindingFilter> deletions =
        toDelete.entrySet().stream()
            .filter(e -> e.getKey().pending())
            .flatMap(e -> e.getValue().stream())
            .toList();
    Map<AclBindingFilter, KafkaFuture<DeleteAclsResult.FilterResults>> deleted =
        deletions.isEmpty() ? Map.of() : admin.admin().deleteAcls(deletions).values();
    toDelete.forEach(
        (item, filters) -> {
          if (!item.pending()) {
            return;
          }
          try {
            for (AclBindingFilter f : filters) {
              admin.await(deleted.get(f));
            }
          } catch (RuntimeException e) {
            item.fail(e);
          }
        });
  }

  private static void realizeQuotas(List<Item> items, KafkaAdminOperations admin) {
    if (items.isEmpty()) {
      return;
    }
    List<ClientQuotaAlteration> alterations = new ArrayList<>();
    List<Item> altering = new ArrayList<>();
    for (Item item : items) {
      if (item.ku.getSpec() == null) {
        item.fail(new IllegalArgumentException("KafkaUser has no spec"));
        continue;
      }
      altering.add(item);
      var quotas = item.ku.getSpec().getQuotas();
      Double producer =
          quotas == null || quotas.getProducerByteRate() == null
              ? null
              : quotas.getProducerByteRate().doubleValue();
      Double consumer =
          quotas == null || quotas.getConsumerByteRate() == null
              ? null
              : quotas.getConsumerByteRate().doubleValue();
      alterations.add(
          new ClientQuotaAlteration(
              entity(item.user),
              List.of(
                  new ClientQuotaAlteration.Op(KafkaAdminOperations.PRODUCER_BYTE_RATE, producer),
                  new ClientQuotaAlteration.Op(
                      KafkaAdminOperations.CONSUMER_BYTE_RATE, consumer))));
    }
    if (altering.isEmpty()) {
      return;
    }
    Map<ClientQuotaEntity, KafkaFuture<Void>> altered =
        admin.admin().alterClientQuotas(alterations).values();
    for (Item item : altering) {
      try {
        admin.await(altered.get(entity(item.user)));
        item.condition = StrimziConditions.ready();
      } catch (RuntimeException e) {
        item.fail(e);
      }
    }
  }

  private static ClientQuotaEntity entity(String user) {
    return new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, user));
  }

  private void writeStatus(Item item) {
    KafkaUserStatus previous = item.ku.getStatus();
    Batches.writeIfChanged(
        client,
        statusWriter,
        item.ku,
        previous,
        new KafkaUserStatusBuilder()
            .withObservedGeneration(item.ku.getMetadata().getGeneration())
            .withUsername(item.user)
            .withSecret(item.user)
            .withConditions(
                Batches.keepTransitionTimes(
                    previous == null ? null : previous.getConditions(),
                    new ArrayList<>(List.of(item.condition))))
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
