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
import java.util.LinkedHashMap;
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
 * loop thread does all the work, woken by informer events (a burst of them gathered for up to 200
 * ms) and at least every two seconds; a resource is worked on when its generation is new, it is
 * being deleted, or it is not ready (retried every ten seconds). KafkaTopics and KafkaUsers are
 * realized in batches, one Admin call per step for all that need work (see {@link
 * TopicRealizer#reconcileAll}, {@link UserRealizer#reconcileAll}).
 */
public final class LocalStrimzi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStrimzi.class);
  private static final long RETRY_MILLIS = 10_000;
  private static final long RESYNC_MILLIS = 120_000;
  private static final long UNSETTLED_RETRY_MILLIS = 5_000;

  /** Most KafkaTopics (or KafkaUsers) of one cluster in one batch of Admin calls. */
  static final int BATCH_SIZE = 500;

  /** A burst of events is gathered into one pass: quiet for this long, ... */
  private static final long GATHER_QUIET_MILLIS = 50;

  /** ... or at most this long after the first event. */
  private static final long GATHER_MAX_MILLIS = 200;

  private static final int KUBE_THREADS = 8;

  private final KubernetesClient client;
  private final ClusterRealizer clusters;
  private final TopicRealizer topics;
  private final UserRealizer users;
  private final LinkedBlockingQueue<Boolean> wake = new LinkedBlockingQueue<>();
  private final Map<String, Long> lastWork = new ConcurrentHashMap<>();
  private final Map<String, Long> workedGeneration = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final ExecutorService workers =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "local-strimzi-worker");
            t.setDaemon(true);
            return t;
          });

  /**
   * The per-resource Kubernetes calls of the batches (finalizers, Secrets, status), separate from
   * {@link #workers} that wait for them.
   */
  private final ExecutorService kube =
      Executors.newFixedThreadPool(
          KUBE_THREADS,
          r -> {
            Thread t = new Thread(r, "local-strimzi-kube");
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
        if (wake.poll(2, TimeUnit.SECONDS) != null) {
          long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MAX_MILLIS);
          while (System.nanoTime() < until
              && wake.poll(GATHER_QUIET_MILLIS, TimeUnit.MILLISECONDS) != null) {
            // gathering a burst of events into one batch
          }
        }
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
    // and user operators do. Those of one cluster are worked on in batches, one Admin call per
    // step for up to BATCH_SIZE of them, as Strimzi's batching topic controller does: a burst of
    // new topics then costs a few Admin requests rather than several per topic.
    Map<String, List<KafkaTopic>> topicsByCluster = new LinkedHashMap<>();
    for (KafkaTopic topic : topicInformer.getStore().list()) {
      if (needsWork(topic, "KafkaTopic/" + topic.getMetadata().getUid())) {
        topicsByCluster
            .computeIfAbsent(
                ClusterRealizer.key(topic.getMetadata().getNamespace(), label(topic)),
                k -> new ArrayList<>())
            .add(topic);
      }
    }
    Map<String, List<KafkaUser>> usersByCluster = new LinkedHashMap<>();
    for (KafkaUser user : userInformer.getStore().list()) {
      if (needsWork(user, "KafkaUser/" + user.getMetadata().getUid())) {
        usersByCluster
            .computeIfAbsent(
                ClusterRealizer.key(user.getMetadata().getNamespace(), label(user)),
                k -> new ArrayList<>())
            .add(user);
      }
    }
    List<Callable<Void>> work = new ArrayList<>();
    topicsByCluster.forEach(
        (cluster, list) -> {
          KafkaTopic first = list.get(0);
          clusters
              .running(first.getMetadata().getNamespace(), label(first))
              .ifPresent(
                  c -> {
                    for (List<KafkaTopic> batch : chunks(list)) {
                      work.add(
                          () -> {
                            worked(topics.reconcileAll(batch, c.admin(), kube), "KafkaTopic/");
                            return null;
                          });
                    }
                  });
        });
    usersByCluster.forEach(
        (cluster, list) -> {
          KafkaUser first = list.get(0);
          clusters
              .running(first.getMetadata().getNamespace(), label(first))
              .ifPresent(
                  c -> {
                    for (List<KafkaUser> batch : chunks(list)) {
                      work.add(
                          () -> {
                            worked(
                                users.reconcileAll(batch, c.admin(), label(first), kube),
                                "KafkaUser/");
                            return null;
                          });
                    }
                  });
        });
    try {
      for (Future<Void> done : workers.invokeAll(work)) {
        try {
          done.get();
        } catch (ExecutionException e) {
          LOG.warn("local Strimzi: {}", e.getCause().toString());
          LOG.debug("details", e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH_SIZE) {
      chunks.add(all.subList(i, Math.min(all.size(), i + BATCH_SIZE)));
    }
    return chunks;
  }

  /** Notes the work done, and the generation it was done for. */
  private void worked(List<? extends HasMetadata> done, String kind) {
    long now = System.currentTimeMillis();
    for (HasMetadata r : done) {
      String key = kind + r.getMetadata().getUid();
      lastWork.put(key, now);
      workedGeneration.put(key, r.getMetadata().getGeneration());
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
      // The status of this generation was written a moment ago but the informer has not seen it
      // yet: doing the work again would only write the same status again.
      boolean justWorked =
          Objects.equals(workedGeneration.get(key), resource.getMetadata().getGeneration())
              && since < RETRY_MILLIS;
      return !justWorked;
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
    kube.shutdownNow();
    clusters.stopAll();
  }
}
