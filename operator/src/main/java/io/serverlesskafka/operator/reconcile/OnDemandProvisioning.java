package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ProvisioningMode;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.api.v1alpha1.WakeUpStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.events.EventRecorder;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.StrimziNames;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spec.provisioning: OnDemand}: a cluster without ServerlessTopics runs no brokers. When the
 * last topic has been gone for {@code idleAfter} and no Kafka topic is left in the cluster (a topic
 * deleted with deletionPolicy Retain keeps its data, and so keeps the cluster), the Strimzi Kafka,
 * its pools and the admin user are deleted, with their storage: the cluster hibernates. The next
 * ServerlessTopic wakes it up, from scratch; the time that takes (the cold start) is kept in {@code
 * status.lastWakeUp}.
 */
public final class OnDemandProvisioning {
  private static final Logger LOG = LoggerFactory.getLogger(OnDemandProvisioning.class);
  private final ResourceApplier applier;
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final Clock clock;

  public OnDemandProvisioning(
      ResourceApplier applier, StatusWriter statusWriter, EventRecorder events, Clock clock) {
    this.applier = applier;
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Decides whether the cluster should be idle; when it is, removes what runs, fills in the status
   * and returns true (the caller writes status and stops). Returns false when the cluster should
   * run.
   */
  public boolean idle(
      KubernetesClient client,
      ServerlessKafka cluster,
      ClusterSettings settings,
      ServerlessKafkaStatus status) {
    if (settings.provisioning() != ProvisioningMode.OnDemand
        || status.getTopics() == null
        || status.getTopics() > 0) {
      status.setIdleSince(null);
      clearIdleSince(cluster);
      return false;
    }
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    boolean running = client.resources(Kafka.class).inNamespace(ns).withName(name).get() != null;
    // Data of retained topics lives on the brokers; topics and users still being deleted need the
    // brokers to
    // finish (their finalizers reach Kafka), so the cluster waits for them too.
    if (running
        && (!client
                .resources(KafkaTopic.class)
                .inNamespace(ns)
                .withLabel(StrimziNames.LABEL_CLUSTER, name)
                .list()
                .getItems()
                .isEmpty()
            || client
                .resources(KafkaUser.class)
                .inNamespace(ns)
                .withLabel(StrimziNames.LABEL_CLUSTER, name)
                .list()
                .getItems()
                .stream()
                .anyMatch(u -> !u.getMetadata().getName().equals(StrimziNames.adminUser(name))))) {
      return false;
    }
    Instant now = clock.instant();
    Instant since = status.getIdleSince() == null ? now : Instant.parse(status.getIdleSince());
    status.setIdleSince(since.truncatedTo(ChronoUnit.SECONDS).toString());
    if (running && since.plus(settings.idleAfter()).isAfter(now)) {
      return false; // keep running through the grace period: a topic may come right back
    }
    if (running) {
      applier.delete(KafkaUser.class, ns, StrimziNames.adminUser(name));
      applier.delete(KafkaNodePool.class, ns, StrimziNames.brokerPool(name));
      applier.delete(KafkaNodePool.class, ns, StrimziNames.controllerPool(name));
      applier.delete(Kafka.class, ns, name);
      events.normal(
          cluster,
          EventReason.Hibernating,
          "no topics since "
              + status.getIdleSince()
              + ": hibernating, brokers, controllers and their storage removed (provisioning OnDemand); the next ServerlessTopic wakes the cluster up");
      LOG.info("{}/{} idle since {}: Strimzi Kafka removed", ns, name, status.getIdleSince());
    }
    status.setDesiredBrokers(0);
    status.setReadyBrokers(0);
    // the bootstrap address of a removed cluster must not reach new topics' Secrets; a merge patch
    // only
    // removes a field that is explicitly null
    Map<String, Object> cleared = new HashMap<>();
    cleared.put("bootstrapServers", null);
    cleared.put("kafkaVersion", null);
    cleared.put("securityProtocol", null);
    if (status.getLastWakeUp() != null && status.getLastWakeUp().getReadyAt() == null) {
      // a wake-up that never saw Ready before the cluster went back to sleep: the next topic starts
      // a new one
      cleared.put("lastWakeUp", null);
      status.setLastWakeUp(null);
    }
    statusWriter.write(cluster, cleared);
    status.setBootstrapServers(null);
    status.setSecurityProtocol(null);
    status.setKafkaVersion(null);
    return true;
  }

  /**
   * The cluster should run and its Strimzi Kafka does not exist: with OnDemand this is a wake-up
   * from hibernation (or the first topic of a new cluster), whose cold start {@link #awake}
   * measures.
   */
  public void wakeUpStarting(
      ServerlessKafka cluster, ClusterSettings settings, ServerlessKafkaStatus status) {
    WakeUpStatus last = status.getLastWakeUp();
    if (settings.provisioning() != ProvisioningMode.OnDemand
        || (last != null && last.getReadyAt() == null)) {
      return; // not OnDemand, or this wake-up has already started (the informer may not have seen
      // the Kafka yet)
    }
    WakeUpStatus wakeUp = new WakeUpStatus();
    wakeUp.setStartedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    status.setLastWakeUp(wakeUp);
    events.normal(
        cluster,
        EventReason.WakingUp,
        "waking up for " + status.getTopics() + " topic(s): provisioning brokers");
    LOG.info(
        "{}/{} waking up for {} topic(s)",
        cluster.getMetadata().getNamespace(),
        cluster.getMetadata().getName(),
        status.getTopics());
  }

  /** The cluster is Ready: ends a wake-up in progress with its cold-start time. */
  public void awake(ServerlessKafka cluster, ServerlessKafkaStatus status) {
    WakeUpStatus wakeUp = status.getLastWakeUp();
    if (wakeUp == null || wakeUp.getReadyAt() != null || wakeUp.getStartedAt() == null) {
      return;
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    long seconds =
        java.time.Duration.between(Instant.parse(wakeUp.getStartedAt()), now).toSeconds();
    wakeUp.setReadyAt(now.toString());
    wakeUp.setColdStartSeconds(seconds);
    events.normal(cluster, EventReason.WokeUp, "awake after a cold start of " + seconds + " s");
    LOG.info(
        "{}/{} awake: cold start {} s",
        cluster.getMetadata().getNamespace(),
        cluster.getMetadata().getName(),
        seconds);
  }

  private void clearIdleSince(ServerlessKafka cluster) {
    if (cluster.getStatus() != null && cluster.getStatus().getIdleSince() != null) {
      Map<String, Object> cleared = new HashMap<>();
      cleared.put("idleSince", null);
      statusWriter.write(cluster, cleared);
    }
  }
}
