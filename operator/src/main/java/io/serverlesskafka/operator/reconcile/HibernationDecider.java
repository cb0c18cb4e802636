package io.serverlesskafka.operator.reconcile;

import io.serverlesskafka.api.v1alpha1.ProvisioningMode;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.api.v1alpha1.WakeUpStatus;
import io.serverlesskafka.operator.events.EventReason;
import io.serverlesskafka.operator.model.ClusterSettings;
import io.serverlesskafka.operator.model.StrimziNames;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Delete;
import io.serverlesskafka.operator.reconcile.ClusterDecision.Note;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code spec.provisioning: OnDemand}, the hibernation part of {@link ClusterDecider}: a cluster
 * without ServerlessTopics runs no brokers. Strimzi cannot run a Kafka cluster with zero brokers,
 * so an idle cluster is removed (docs/architecture.md, "Idle clusters hibernate"); the next topic
 * wakes it up from scratch, and the time that takes (the cold start) is kept in {@code
 * status.lastWakeUp}. Pure.
 */
final class HibernationDecider {
  private final Clock clock;

  HibernationDecider(Clock clock) {
    this.clock = clock;
  }

  /**
   * {@code spec.provisioning: OnDemand}: a cluster without ServerlessTopics runs no brokers. When
   * the last topic has been gone for {@code idleAfter} and nothing else needs the brokers, the
   * Strimzi Kafka, its pools and the admin user are deleted, with their storage. Returns whether
   * the cluster hibernates; fills in the status either way.
   */
  boolean hibernates(ClusterObservation o, ClusterSettings settings, ClusterDraft d) {
    ServerlessKafkaStatus status = d.status;
    ClusterObservation.Hibernation h = o.hibernation();
    if (settings.provisioning() != ProvisioningMode.OnDemand
        || status.getTopics() > 0
        || h == null) {
      if (status.getIdleSince() != null) {
        status.setIdleSince(null);
        d.cleared.add("idleSince");
      }
      return false;
    }
    boolean running = h.kafkaExists();
    if (running && h.stillNeedsBrokers()) {
      return false;
    }
    Instant now = clock.instant();
    Instant since = status.getIdleSince() == null ? now : Instant.parse(status.getIdleSince());
    status.setIdleSince(since.truncatedTo(ChronoUnit.SECONDS).toString());
    if (running && since.plus(settings.idleAfter()).isAfter(now)) {
      return false; // keep running through the grace period: a topic may come right back
    }
    if (running) {
      String ns = o.cluster().getMetadata().getNamespace();
      String name = o.cluster().getMetadata().getName();
      d.writes.add(new Delete(KafkaUser.class, ns, StrimziNames.adminUser(name)));
      d.writes.add(new Delete(KafkaNodePool.class, ns, StrimziNames.brokerPool(name)));
      d.writes.add(new Delete(KafkaNodePool.class, ns, StrimziNames.controllerPool(name)));
      d.writes.add(new Delete(Kafka.class, ns, name));
      d.events.add(
          new Note(
              false,
              EventReason.Hibernating,
              "no topics since "
                  + status.getIdleSince()
                  + ": hibernating, brokers, controllers and their storage removed (provisioning"
                  + " OnDemand); the next ServerlessTopic wakes the cluster up"));
    }
    status.setDesiredBrokers(0);
    status.setReadyBrokers(0);
    // the bootstrap address of a removed cluster must not reach new topics' Secrets
    status.setBootstrapServers(null);
    status.setSecurityProtocol(null);
    status.setKafkaVersion(null);
    d.cleared.addAll(List.of("bootstrapServers", "kafkaVersion", "securityProtocol"));
    if (status.getLastWakeUp() != null && status.getLastWakeUp().getReadyAt() == null) {
      // a wake-up that never saw Ready before the cluster went back to sleep: the next topic starts
      // a new one
      status.setLastWakeUp(null);
      d.cleared.add("lastWakeUp");
    }
    return true;
  }

  /**
   * The cluster should run and its Strimzi Kafka does not exist: with OnDemand this is a wake-up
   * (or the first topic of a new cluster), whose cold start {@link #awake} measures.
   */
  void wakeUpStarting(ClusterSettings settings, ClusterDraft d) {
    WakeUpStatus last = d.status.getLastWakeUp();
    if (settings.provisioning() != ProvisioningMode.OnDemand
        || (last != null && last.getReadyAt() == null)) {
      return; // not OnDemand, or this wake-up has already started (the informer may not have seen
      // the Kafka yet)
    }
    WakeUpStatus wakeUp = new WakeUpStatus();
    wakeUp.setStartedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    d.status.setLastWakeUp(wakeUp);
    d.events.add(
        new Note(
            false,
            EventReason.WakingUp,
            "waking up for " + d.status.getTopics() + " topic(s): provisioning brokers"));
  }

  /** The cluster is Ready: ends a wake-up in progress with its cold-start time. */
  void awake(ClusterDraft d) {
    WakeUpStatus wakeUp = d.status.getLastWakeUp();
    if (wakeUp == null || wakeUp.getReadyAt() != null || wakeUp.getStartedAt() == null) {
      return;
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    long seconds = Duration.between(Instant.parse(wakeUp.getStartedAt()), now).toSeconds();
    WakeUpStatus done = new WakeUpStatus();
    done.setStartedAt(wakeUp.getStartedAt());
    done.setReadyAt(now.toString());
    done.setColdStartSeconds(seconds);
    d.status.setLastWakeUp(done);
    d.events.add(
        new Note(false, EventReason.WokeUp, "awake after a cold start of " + seconds + " s"));
  }
}
