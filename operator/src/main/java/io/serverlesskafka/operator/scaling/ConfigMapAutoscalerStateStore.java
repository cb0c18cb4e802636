package io.serverlesskafka.operator.scaling;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.autoscaler.scaling.AutoscalerState;
import io.serverlesskafka.autoscaler.scaling.AutoscalerStateStore;
import io.serverlesskafka.operator.model.ClusterOwnedMetadata;
import io.serverlesskafka.operator.reconcile.ResourceApplier;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one cluster's {@link AutoscalerState} in the ConfigMap {@code <cluster>-autoscaler-state}
 * next to it, so that an operator restart (or a new leader) continues the stabilization windows
 * instead of starting them again, which could scale down a cluster that was busy a minute ago. The
 * ConfigMap is owned by the ServerlessKafka and goes with it.
 *
 * <p>One store per cluster, because writing needs the owner's uid. The ConfigMap is read once;
 * afterwards the state object the autoscaler keeps updating is held here, as the in-memory store
 * does, and only written out.
 *
 * <p>A stored state whose newest sample is older than its metrics window is not used: the windows
 * would span a hole in the evidence (the operator was down), and the stabilization rules would read
 * the hole as calm, scaling down on the first sample after it. Starting the windows again is safe,
 * only slower to act.
 */
public final class ConfigMapAutoscalerStateStore implements AutoscalerStateStore {
  public static final String DATA_KEY = "state.json";
  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapAutoscalerStateStore.class);

  private final KubernetesClient client;
  private final ResourceApplier applier;
  private final ServerlessKafka owner;
  private final Clock clock;
  private AutoscalerState state;

  /**
   * The JSON the ConfigMap holds as far as we know, so that writing the same state again is
   * skipped.
   */
  private String stored;

  public ConfigMapAutoscalerStateStore(
      KubernetesClient client, ResourceApplier applier, ServerlessKafka owner, Clock clock) {
    this.client = client;
    this.applier = applier;
    this.owner = owner;
    this.clock = clock;
  }

  public static String configMapName(String clusterName) {
    return clusterName + "-autoscaler-state";
  }

  @Override
  public synchronized Optional<AutoscalerState> load(String cluster) {
    requireOwner(cluster);
    if (state == null) {
      state = read(cluster).orElse(null);
    }
    return Optional.ofNullable(state);
  }

  @Override
  public synchronized void store(String cluster, AutoscalerState newState) {
    requireOwner(cluster);
    state = newState;
    String json = AutoscalerStateJson.write(newState);
    if (json.equals(stored)) {
      return;
    }
    applier.apply(
        new ConfigMapBuilder()
            .withMetadata(ClusterOwnedMetadata.of(owner, name(), Map.of()))
            .withData(Map.of(DATA_KEY, json))
            .build());
    stored = json;
  }

  @Override
  public synchronized void remove(String cluster) {
    requireOwner(cluster);
    applier.delete(ConfigMap.class, namespace(), name());
    state = null;
    stored = null;
  }

  private Optional<AutoscalerState> read(String cluster) {
    ConfigMap configMap = client.configMaps().inNamespace(namespace()).withName(name()).get();
    String json =
        configMap == null || configMap.getData() == null ? null : configMap.getData().get(DATA_KEY);
    if (json == null) {
      return Optional.empty();
    }
    AutoscalerState read;
    try {
      read = AutoscalerStateJson.read(json);
    } catch (AutoscalerStateJson.UnreadableStateException e) {
      LOG.warn("{}: {}; starting with empty windows", cluster, e.getMessage());
      return Optional.empty();
    }
    stored = json;
    Optional<Instant> newest = read.metrics().latest().map(sample -> sample.time());
    if (newest.isPresent()
        && newest.get().plus(read.metrics().length()).isBefore(clock.instant())) {
      LOG.info(
          "{}: stored autoscaler state ends at {}, more than a metrics window ({}) ago; starting with empty windows",
          cluster,
          newest.get(),
          read.metrics().length());
      return Optional.empty();
    }
    return Optional.of(read);
  }

  private void requireOwner(String cluster) {
    if (!cluster.equals(namespace() + "/" + owner.getMetadata().getName())) {
      throw new IllegalArgumentException(
          "this store keeps the state of "
              + namespace()
              + "/"
              + owner.getMetadata().getName()
              + ", not of "
              + cluster);
    }
  }

  private String namespace() {
    return owner.getMetadata().getNamespace();
  }

  private String name() {
    return configMapName(owner.getMetadata().getName());
  }
}
