package io.serverlesskafka.devcluster.strimzi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.serverlesskafka.devcluster.kafka.LocalKafkaCluster;
import io.serverlesskafka.operator.status.StatusWriter;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Strimzi stand-in: watches Kafka, KafkaNodePool, KafkaTopic and KafkaUser like Strimzi's
 * cluster, topic and user operators, and realizes them with real Kafka processes on loopback. One
 * loop thread does all the work, woken by informer events and at least every two seconds; a
 * resource is worked on when its generation is new, it is being deleted, or it is not ready
 * (retried every ten seconds).
 */
public final class LocalStrimzi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStrimzi.class);
  private static final long RETRY_MILLIS = 10_000;
  private static final long RESYNC_MILLIS = 120_000;
  private static final long UNSETTLED_RETRY_MILLIS = 5_000;

  private final KubernetesClient client;
  private final ClusterRealizer clusters;
  private final TopicRealizer topics;
  private final UserRealizer users;
  private final LinkedBlockingQueue<Boolean> wake = new LinkedBlockingQueue<>();
  private final Map<String, Long> lastWork = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final ExecutorService workers =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "local-strimzi-worker");
            t.setDaemon(true);
            return t;
          });
  private SharedIndexInformer<Kafka> kafkaInformer;
  private SharedIndexInformer<KafkaNodePool> poolInformer;
  private SharedIndexInformer<KafkaTopic> topicInformer;
  private SharedIndexInformer<KafkaUser> userInformer;
  private volatile boolean running;
  private Thread loop;

  public LocalStrimzi(KubernetesClient client, Path dataRoot) {
    this.client = client;
    StatusWriter statusWriter = new StatusWriter(client);
    this.clusters = new ClusterRealizer(client, statusWriter, dataRoot);
    this.topics = new TopicRealizer(client, statusWriter);
    this.users = new UserRealizer(client, statusWriter);
  }

  public LocalStrimzi start() {
    kafkaInformer = inform(Kafka.class);
    poolInformer = inform(KafkaNodePool.class);
    topicInformer = inform(KafkaTopic.class);
    userInformer = inform(KafkaUser.class);
    running = true;
    loop = new Thread(this::run, "local-strimzi");
    loop.setDaemon(true);
    loop.start();
    return this;
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(Class<T> type) {
    SharedIndexInformer<T> informer =
        client
            .resources(type)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(T obj) {
                    wake.offer(true);
                  }

                  @Override
                  public void onUpdate(T oldObj, T newObj) {
                    wake.offer(true);
                  }

                  @Override
                  public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                    wake.offer(true);
                  }
                });
    informers.add(informer);
    return informer;
  }

  /**
   * The running Kafka cluster of a Strimzi Kafka resource, for tools and tests that need its admin
   * client.
   */
  public Optional<LocalKafkaCluster> cluster(String namespace, String name) {
    return clusters.running(namespace, name);
  }

  private void run() {
    while (running) {
      try {
        wake.poll(2, TimeUnit.SECONDS);
        wake.clear();
        pass();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("local Strimzi pass failed, retrying: {}", e.toString());
        LOG.debug("details", e);
      } catch (Error e) {
        // A dead loop would leave every resource pending with no sign of why: say it loudly, keep
        // going.
        LOG.error("local Strimzi pass failed", e);
      }
    }
  }

  private void pass() {
    List<Kafka> kafkas = kafkaInformer.getStore().list();
    Set<String> present =
        kafkas.stream()
            .map(
                k -> ClusterRealizer.key(k.getMetadata().getNamespace(), k.getMetadata().getName()))
            .collect(Collectors.toSet());
    for (String key : clusters.keys()) {
      if (!present.contains(key)) {
        clusters.deleted(key);
      }
    }
    for (Kafka kafka : kafkas) {
      List<KafkaNodePool> pools =
          poolInformer.getStore().list().stream()
              .filter(
                  p ->
                      Objects.equals(
                          p.getMetadata().getNamespace(), kafka.getMetadata().getNamespace()))
              .filter(p -> kafka.getMetadata().getName().equals(label(p)))
              .toList();
      String key =
          "Kafka/"
              + kafka.getMetadata().getUid()
              + pools.stream()
                  .map(p -> p.getMetadata().getGeneration() + "")
                  .collect(Collectors.joining(","));
      boolean poolsSettled =
          pools.stream()
              .allMatch(
                  p ->
                      p.getStatus() != null
                          && p.getStatus().getReplicas() == p.getSpec().getReplicas());
      // A pool not yet at its size or a refused scale-down is retried, but on a timer like
      // Strimzi's periodic
      // reconciliation: every retry writes status, which wakes this loop again, and would spin
      // otherwise.
      boolean retryDue =
          System.currentTimeMillis() - lastWork.getOrDefault(key, 0L) > UNSETTLED_RETRY_MILLIS;
      if (needsWork(kafka, key) || ((!poolsSettled || hasWarnings(kafka)) && retryDue)) {
        clusters.reconcile(kafka, pools);
        lastWork.put(key, System.currentTimeMillis());
      }
    }
    // Topics and users are independent of each other: work on them in parallel, as Strimzi's topic
    // and
    // user operators do, so that a burst of new topics does not queue behind one Admin call at a
    // time.
    List<Callable<Void>> work = new ArrayList<>();
    for (KafkaTopic topic : topicInformer.getStore().list()) {
      String key = "KafkaTopic/" + topic.getMetadata().getUid();
      clusters
          .running(topic.getMetadata().getNamespace(), label(topic))
          .filter(c -> needsWork(topic, key))
          .ifPresent(
              c ->
                  work.add(
                      () -> {
                        topics.reconcile(topic, c.admin());
                        lastWork.put(key, System.currentTimeMillis());
                        return null;
                      }));
    }
    for (KafkaUser user : userInformer.getStore().list()) {
      String key = "KafkaUser/" + user.getMetadata().getUid();
      clusters
          .running(user.getMetadata().getNamespace(), label(user))
          .filter(c -> needsWork(user, key))
          .ifPresent(
              c ->
                  work.add(
                      () -> {
                        users.reconcile(user, c.admin(), label(user));
                        lastWork.put(key, System.currentTimeMillis());
                        return null;
                      }));
    }
    try {
      for (Future<Void> done : workers.invokeAll(work)) {
        try {
          done.get();
        } catch (ExecutionException e) {
          LOG.warn("local Strimzi: {}", e.getCause().toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean hasWarnings(Kafka kafka) {
    return kafka.getStatus() != null
        && kafka.getStatus().getConditions() != null
        && kafka.getStatus().getConditions().stream().anyMatch(c -> "Warning".equals(c.getType()));
  }

  private boolean needsWork(HasMetadata resource, String key) {
    if (resource.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    Long observed = observedGeneration(resource);
    boolean current = observed != null && observed.equals(resource.getMetadata().getGeneration());
    long since = System.currentTimeMillis() - lastWork.getOrDefault(key, 0L);
    if (!current) {
      return true;
    }
    return since > (ready(resource) ? RESYNC_MILLIS : RETRY_MILLIS);
  }

  private static Long observedGeneration(HasMetadata r) {
    if (r instanceof Kafka k && k.getStatus() != null) {
      return k.getStatus().getObservedGeneration();
    }
    if (r instanceof KafkaTopic t && t.getStatus() != null) {
      return t.getStatus().getObservedGeneration();
    }
    if (r instanceof KafkaUser u && u.getStatus() != null) {
      return u.getStatus().getObservedGeneration();
    }
    return null;
  }

  private static boolean ready(HasMetadata r) {
    if (r instanceof Kafka k && k.getStatus() != null) {
      return StrimziConditions.isReady(k.getStatus().getConditions());
    }
    if (r instanceof KafkaTopic t && t.getStatus() != null) {
      return StrimziConditions.isReady(t.getStatus().getConditions());
    }
    if (r instanceof KafkaUser u && u.getStatus() != null) {
      return StrimziConditions.isReady(u.getStatus().getConditions());
    }
    return false;
  }

  private static String label(HasMetadata r) {
    return r.getMetadata().getLabels() == null
        ? null
        : r.getMetadata().getLabels().get("strimzi.io/cluster");
  }

  @Override
  public void close() {
    running = false;
    if (loop != null) {
      loop.interrupt();
      try {
        loop.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    informers.forEach(SharedIndexInformer::close);
    workers.shutdownNow();
    clusters.stopAll();
  }
}
