package io.serverlesskafka.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ConsumerScaling;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.operator.keda.ScaledObject;
import io.serverlesskafka.operator.keda.ScaledObjectSpec;
import io.serverlesskafka.operator.keda.TriggerAuthentication;
import io.serverlesskafka.operator.keda.TriggerAuthenticationSpec;
import io.serverlesskafka.operator.keda.TriggerAuthenticationSpec.SecretTargetRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KEDA objects that scale a topic's consumer Deployments on lag, down to zero: one ScaledObject
 * per entry of spec.consumers with a Kafka trigger, and one TriggerAuthentication that reads the
 * SCRAM credentials from the topic's client Secret. Pure: the topic and the bootstrap address in,
 * objects out.
 */
public final class ConsumerScalingModel {
  public static final int DEFAULT_LAG_THRESHOLD = 100;
  public static final int DEFAULT_ACTIVATION_LAG_THRESHOLD = 0;
  public static final int DEFAULT_MIN_REPLICAS = 0;

  /** KEDA's defaults: a lag check every 30 s, back to zero 5 minutes after the last lag. */
  public static final int DEFAULT_POLLING_INTERVAL_SECONDS = 30;

  public static final int DEFAULT_COOLDOWN_PERIOD_SECONDS = 300;

  /**
   * How KEDA counts the lag of a partition where the group has no committed offset; the consumers
   * must use the same auto.offset.reset. "earliest": the lag is every record in the partition, so a
   * topic with no records keeps its Deployment at zero, and the first record wakes it; a consumer
   * starting with auto.offset.reset=earliest then reads that record. "latest" (Kafka's default)
   * would make KEDA count one record of lag per uncommitted partition
   * (scaleToZeroOnInvalidOffset=false) and wake an empty topic's Deployment at once, or count none
   * (scaleToZeroOnInvalidOffset=true) and never wake a group that has not committed yet.
   */
  public static final String OFFSET_RESET_POLICY = "earliest";

  /**
   * Label on the KEDA objects naming the ServerlessTopic, so that stale ones can be found and
   * removed.
   */
  public static final String LABEL_TOPIC = ApiGroup.LABEL_TOPIC_NAME;

  private final ServerlessTopic topic;
  private final TopicNames names;
  private final String bootstrapServers;
  private final boolean tls;
  private final int partitions;
  private final String groupPrefix;

  public ConsumerScalingModel(ServerlessTopic topic, ClientConnection connection, int partitions) {
    this(topic, connection, partitions, TopicNames.of(topic).groupPrefix());
  }

  /**
   * @param partitions the topic's partition count: the default maxReplicas, since consumers beyond
   *     it idle
   * @param groupPrefix the prefix of the topic's consumer groups (the legacy one for topics that
   *     still use it)
   */
  public ConsumerScalingModel(
      ServerlessTopic topic, ClientConnection connection, int partitions, String groupPrefix) {
    this.topic = topic;
    this.names = TopicNames.of(topic);
    this.bootstrapServers = connection.bootstrapServers();
    this.tls = connection.security().tls();
    this.partitions = partitions;
    this.groupPrefix = groupPrefix;
  }

  public List<ConsumerScaling> consumers() {
    return topic.getSpec() == null || topic.getSpec().getConsumers() == null
        ? List.of()
        : topic.getSpec().getConsumers();
  }

  public String consumerGroup(ConsumerScaling consumer) {
    return groupPrefix + consumer.getGroup();
  }

  /**
   * KEDA puts the ScaledObject's name into a label value of its HPA, which stops at 63 characters.
   */
  static final int MAX_SCALED_OBJECT_NAME = 63;

  /**
   * {@code <topic>.<deployment>}: Deployment names cannot contain dots, so the last dot separates
   * the two and no two (topic, deployment) pairs share a name (with '-', topic a + deployment b-c
   * and topic a-b + deployment c did). A name over 63 characters is shortened and ends in a hash of
   * the full name.
   */
  public static String scaledObjectName(TopicNames names, String deployment) {
    String full = names.name() + "." + deployment;
    if (full.length() <= MAX_SCALED_OBJECT_NAME) {
      return full;
    }
    String hash = sha256Hex(full).substring(0, 16);
    String head =
        full.substring(0, MAX_SCALED_OBJECT_NAME - hash.length() - 1).replaceAll("[.-]+$", "");
    return head + "-" + hash;
  }

  private static String sha256Hex(String s) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  public String triggerAuthenticationName() {
    return names.secretName();
  }

  public List<ScaledObject> scaledObjects() {
    return consumers().stream().map(this::scaledObject).toList();
  }

  public ScaledObject scaledObject(ConsumerScaling consumer) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("bootstrapServers", bootstrapServers);
    metadata.put("consumerGroup", consumerGroup(consumer));
    metadata.put("topic", names.kafkaTopic());
    metadata.put(
        "lagThreshold", String.valueOf(or(consumer.getLagThreshold(), DEFAULT_LAG_THRESHOLD)));
    metadata.put(
        "activationLagThreshold",
        String.valueOf(or(consumer.getActivationLagThreshold(), DEFAULT_ACTIVATION_LAG_THRESHOLD)));
    metadata.put("offsetResetPolicy", OFFSET_RESET_POLICY);
    // with "earliest", true would hide the records of a group that never committed: it would never
    // wake
    metadata.put("scaleToZeroOnInvalidOffset", "false");
    ScaledObjectSpec.Trigger trigger = new ScaledObjectSpec.Trigger();
    trigger.setType("kafka");
    trigger.setMetadata(metadata);
    trigger.setAuthenticationRef(
        new ScaledObjectSpec.AuthenticationRef(triggerAuthenticationName()));

    ScaledObjectSpec spec = new ScaledObjectSpec();
    spec.setScaleTargetRef(
        new ScaledObjectSpec.ScaleTargetRef("apps/v1", "Deployment", consumer.getDeployment()));
    spec.setPollingInterval(or(consumer.getPollingInterval(), DEFAULT_POLLING_INTERVAL_SECONDS));
    spec.setCooldownPeriod(or(consumer.getCooldownPeriod(), DEFAULT_COOLDOWN_PERIOD_SECONDS));
    spec.setMinReplicaCount(or(consumer.getMinReplicas(), DEFAULT_MIN_REPLICAS));
    spec.setMaxReplicaCount(
        consumer.getMaxReplicas() != null ? consumer.getMaxReplicas() : Math.max(1, partitions));
    spec.setTriggers(List.of(trigger));

    ScaledObject so = new ScaledObject();
    so.setMetadata(metadata(scaledObjectName(names, consumer.getDeployment())));
    so.setSpec(spec);
    return so;
  }

  public TriggerAuthentication triggerAuthentication() {
    String secret = names.secretName();
    TriggerAuthenticationSpec spec = new TriggerAuthenticationSpec();
    spec.setSecretTargetRef(
        new java.util.ArrayList<>(
            List.of(
                new SecretTargetRef("sasl", secret, ClientSecretModel.KEDA_SASL_KEY),
                new SecretTargetRef("username", secret, "username"),
                new SecretTargetRef("password", secret, "password"),
                new SecretTargetRef("tls", secret, ClientSecretModel.KEDA_TLS_KEY))));
    if (tls) {
      // KEDA's Kafka scaler verifies the brokers against the CA given as "ca"; the Secret has it
      // only with TLS
      spec.getSecretTargetRef()
          .add(new SecretTargetRef("ca", secret, ClientSecretModel.CA_CERT_KEY));
    }
    TriggerAuthentication ta = new TriggerAuthentication();
    ta.setMetadata(metadata(triggerAuthenticationName()));
    ta.setSpec(spec);
    return ta;
  }

  private ObjectMeta metadata(String name) {
    // Label values stop at 63 characters; the owner reference identifies the topic in any case.
    Map<String, String> labels =
        names.name().length() <= 63 ? Map.of(LABEL_TOPIC, names.name()) : Map.of();
    return TopicOwnedMetadata.of(topic, name, labels);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
