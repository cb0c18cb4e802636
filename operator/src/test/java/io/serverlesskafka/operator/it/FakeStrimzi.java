package io.serverlesskafka.operator.it;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaStatusBuilder;
import io.strimzi.api.kafka.model.kafka.listener.ListenerAddressBuilder;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatusBuilder;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePoolStatusBuilder;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserStatusBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Plays Strimzi in integration tests: writes the statuses and user Secrets Strimzi's operators
 * would, so the operator's reactions can be checked without brokers. Tests can make it reject a
 * topic or a user.
 */
public final class FakeStrimzi implements AutoCloseable {
  private final KubernetesClient client;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fake-strimzi");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, String> rejections = new ConcurrentHashMap<>();
  private final Set<String> paused = ConcurrentHashMap.newKeySet();

  public FakeStrimzi(KubernetesClient client) {
    this.client = client;
  }

  public FakeStrimzi start() {
    loop.scheduleWithFixedDelay(this::safeTick, 0, 200, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Strimzi will report this KafkaTopic/KafkaUser (namespace/name) as failed with the message. */
  public void reject(String namespace, String name, String message) {
    rejections.put(namespace + "/" + name, message);
  }

  public void accept(String namespace, String name) {
    rejections.remove(namespace + "/" + name);
  }

  /** Stop acting in a namespace, as if Strimzi were slow or down there. */
  public void pause(String namespace) {
    paused.add(namespace);
  }

  public void resume(String namespace) {
    paused.remove(namespace);
  }

  private void safeTick() {
    try {
      tick();
    } catch (KubernetesClientException e) {
      // resources come and go while tests run; the next tick sees the new state
    }
  }

  private void tick() {
    for (Kafka kafka : client.resources(Kafka.class).inAnyNamespace().list().getItems()) {
      if (paused.contains(kafka.getMetadata().getNamespace())
          || upToDate(
              kafka.getStatus() == null ? null : kafka.getStatus().getObservedGeneration(),
              kafka.getMetadata().getGeneration())) {
        continue;
      }
      String ns = kafka.getMetadata().getNamespace();
      String name = kafka.getMetadata().getName();
      kafka.setStatus(
          new KafkaStatusBuilder()
              .withObservedGeneration(kafka.getMetadata().getGeneration())
              .withConditions(ready())
              .withKafkaVersion(kafka.getSpec().getKafka().getVersion())
              .withClusterId("fake-cluster-id")
              .withListeners(
                  new ListenerStatusBuilder()
                      .withName("scram")
                      .withAddresses(
                          new ListenerAddressBuilder()
                              .withHost(name + "-kafka-bootstrap." + ns + ".svc")
                              .withPort(clientListener(kafka).getPort())
                              .build())
                      .build())
              .build());
      if (clientListener(kafka).isTls()
          && client.secrets().inNamespace(ns).withName(name + "-cluster-ca-cert").get() == null) {
        // Strimzi publishes the cluster CA's certificate for clients of TLS listeners
        client
            .secrets()
            .inNamespace(ns)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(name + "-cluster-ca-cert")
                    .withNamespace(ns)
                    .addToLabels("strimzi.io/kind", "Kafka")
                    .addToLabels("strimzi.io/cluster", name)
                    .endMetadata()
                    .addToData("ca.crt", b64(CLUSTER_CA))
                    .build())
            .create();
      }
      client.resource(kafka).updateStatus();
    }
    for (KafkaNodePool pool :
        client.resources(KafkaNodePool.class).inAnyNamespace().list().getItems()) {
      int replicas = pool.getSpec().getReplicas();
      if (paused.contains(pool.getMetadata().getNamespace())
          || (pool.getStatus() != null
              && pool.getStatus().getReplicas() == replicas
              && upToDate(
                  pool.getStatus().getObservedGeneration(), pool.getMetadata().getGeneration()))) {
        continue;
      }
      int base = pool.getMetadata().getName().endsWith("-controllers") ? 0 : 100;
      pool.setStatus(
          new KafkaNodePoolStatusBuilder()
              .withObservedGeneration(pool.getMetadata().getGeneration())
              .withReplicas(replicas)
              .withNodeIds(IntStream.range(base, base + replicas).boxed().toList())
              .withLabelSelector(
                  "strimzi.io/cluster="
                      + pool.getMetadata().getLabels().get("strimzi.io/cluster")
                      + ",strimzi.io/pool-name="
                      + pool.getMetadata().getName())
              .withConditions(ready())
              .build());
      client.resource(pool).updateStatus();
    }
    for (KafkaTopic topic : client.resources(KafkaTopic.class).inAnyNamespace().list().getItems()) {
      String key = topic.getMetadata().getNamespace() + "/" + topic.getMetadata().getName();
      String rejection = rejections.get(key);
      Condition condition =
          rejection == null
              ? ready()
              : new ConditionBuilder()
                  .withType("Ready")
                  .withStatus("False")
                  .withReason("KafkaError")
                  .withMessage(rejection)
                  .withLastTransitionTime(Instant.now().toString())
                  .build();
      if (paused.contains(topic.getMetadata().getNamespace())
          || (upToDate(
                  topic.getStatus() == null ? null : topic.getStatus().getObservedGeneration(),
                  topic.getMetadata().getGeneration())
              && sameCondition(topic.getStatus().getConditions(), condition))) {
        continue;
      }
      topic.setStatus(
          new KafkaTopicStatusBuilder()
              .withObservedGeneration(topic.getMetadata().getGeneration())
              .withTopicName(topic.getMetadata().getName())
              .withConditions(condition)
              .build());
      client.resource(topic).updateStatus();
    }
    for (KafkaUser user : client.resources(KafkaUser.class).inAnyNamespace().list().getItems()) {
      String ns = user.getMetadata().getNamespace();
      String name = user.getMetadata().getName();
      if (paused.contains(ns)) {
        continue;
      }
      String rejection = rejections.get(ns + "/" + name);
      Condition condition =
          rejection == null
              ? ready()
              : new ConditionBuilder()
                  .withType("NotReady")
                  .withStatus("True")
                  .withReason("InvalidResourceException")
                  .withMessage(rejection)
                  .withLastTransitionTime(Instant.now().toString())
                  .build();
      if (rejection == null && client.secrets().inNamespace(ns).withName(name).get() == null) {
        client
            .secrets()
            .inNamespace(ns)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(ns)
                    .addToLabels("strimzi.io/kind", "KafkaUser")
                    .addToLabels(
                        "strimzi.io/cluster",
                        user.getMetadata().getLabels().get("strimzi.io/cluster"))
                    .endMetadata()
                    .addToData("password", b64("pw-" + name))
                    .addToData(
                        "sasl.jaas.config",
                        b64(
                            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                                + name
                                + "\" password=\"pw-"
                                + name
                                + "\";"))
                    .build())
            .create();
      }
      if (upToDate(
              user.getStatus() == null ? null : user.getStatus().getObservedGeneration(),
              user.getMetadata().getGeneration())
          && sameCondition(user.getStatus().getConditions(), condition)) {
        continue;
      }
      user.setStatus(
          new KafkaUserStatusBuilder()
              .withObservedGeneration(user.getMetadata().getGeneration())
              .withUsername(name)
              .withSecret(name)
              .withConditions(condition)
              .build());
      client.resource(user).updateStatus();
    }
  }

  private static io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener clientListener(
      Kafka kafka) {
    return kafka.getSpec().getKafka().getListeners().stream()
        .filter(l -> "scram".equals(l.getName()))
        .findFirst()
        .orElseThrow();
  }

  /**
   * A real CA certificate (its key was thrown away): no broker here presents a certificate it
   * signed.
   */
  public static final String CLUSTER_CA =
      """
      -----BEGIN CERTIFICATE-----
      MIIBzTCCAXOgAwIBAgIUFmyfbD7Yqiav18LwNBhTlblaccIwCgYIKoZIzj0EAwIw
      OzETMBEGA1UECgwKaW8uc3RyaW16aTEkMCIGA1UEAwwbY2x1c3Rlci1jYSB2MCAo
      RmFrZVN0cmltemkpMCAXDTI2MTIwNDE1MjMzNloYDzIxMjYxMTEwMTUyMzM2WjA7
      MRMwEQYDVQQKDAppby5zdHJpbXppMSQwIgYDVQQDDBtjbHVzdGVyLWNhIHYwIChG
      YWtlU3RyaW16aSkwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARbyPwn+fq2YLu1
      SYGlVO0/r0D8DjE5NzvRJ4xodu5zM8s5RprWyU5aiBvujHdb1nlCI3sJV3wuwmp9
      tFEQGsT8o1MwUTAdBgNVHQ4EFgQUISJIXf3sRGvoqC9n3bjlVY9pOLUwHwYDVR0j
      BBgwFoAUISJIXf3sRGvoqC9n3bjlVY9pOLUwDwYDVR0TAQH/BAUwAwEB/zAKBggq
      hkjOPQQDAgNIADBFAiEAjFO3P9dbmFrFpHcC/4FfqE56VxbkOMfZth2v1r6KuiYC
      IGO/bGzRSc3iS30OPuWlF6o/pFQgul1fz7JlIcx9z+KM
      -----END CERTIFICATE-----
      """;

  /** Rotates a user's password as Strimzi would when its Secret is regenerated. */
  public void rotatePassword(String namespace, String user, String password) {
    client
        .secrets()
        .inNamespace(namespace)
        .withName(user)
        .edit(s -> new SecretBuilder(s).addToData("password", b64(password)).build());
  }

  private static boolean upToDate(Long observed, Long generation) {
    return observed != null && Objects.equals(observed, generation);
  }

  private static boolean sameCondition(List<Condition> conditions, Condition wanted) {
    return conditions != null
        && conditions.size() == 1
        && Objects.equals(conditions.get(0).getType(), wanted.getType())
        && Objects.equals(conditions.get(0).getStatus(), wanted.getStatus())
        && Objects.equals(conditions.get(0).getMessage(), wanted.getMessage());
  }

  private static Condition ready() {
    return new ConditionBuilder()
        .withType("Ready")
        .withStatus("True")
        .withLastTransitionTime(Instant.now().toString())
        .build();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
