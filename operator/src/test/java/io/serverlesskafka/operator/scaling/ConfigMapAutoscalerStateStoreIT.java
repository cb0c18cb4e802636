package io.serverlesskafka.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ApiGroup;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.autoscaler.scaling.Autoscaler;
import io.serverlesskafka.autoscaler.scaling.AutoscalerEventSink;
import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.AutoscalerState;
import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.ClusterMetrics;
import io.serverlesskafka.autoscaler.scaling.DecisionReason;
import io.serverlesskafka.autoscaler.scaling.ScaleDecision;
import io.serverlesskafka.autoscaler.scaling.ScalingRecord;
import io.serverlesskafka.autoscaler.scaling.SizingPolicy;
import io.serverlesskafka.autoscaler.simulation.SimulationClock;
import io.serverlesskafka.localkube.Kubectl;
import io.serverlesskafka.operator.it.TestEnvironment;
import io.serverlesskafka.operator.reconcile.ResourceApplier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler's state survives in a ConfigMap of the real API server, and with it the
 * stabilization windows.
 */
class ConfigMapAutoscalerStateStoreIT {
  // The fixed-target policy's windows: its metrics window (5 minutes) is what the store's staleness
  // rule reads.
  // The LeadTime policy's need history and dip memory round-trip in AutoscalerStateJsonTest.
  private static final AutoscalerSettings SETTINGS =
      AutoscalerSettings.defaults().toBuilder()
          .policy(SizingPolicy.TARGET)
          .scaleDownStabilization(Duration.ofMinutes(15))
          .build();
  private static final Duration STEP = Duration.ofSeconds(15);

  private KubernetesClient client;
  private ResourceApplier applier;
  private ServerlessKafka owner;
  private String key;
  private final SimulationClock clock = new SimulationClock(Instant.parse("2025-01-01T00:00:00Z"));

  @BeforeEach
  void createOwner() {
    TestEnvironment env = TestEnvironment.get();
    client = env.client;
    applier = new ResourceApplier(client);
    String ns = env.newNamespace("state");
    // OnDemand without topics: the operator keeps the cluster idle and never runs its own
    // autoscaler on it.
    Kubectl.Result applied =
        new Kubectl(env.kubeconfig)
            .apply(
                """
        apiVersion: serverlesskafka.io/v1alpha1
        kind: ServerlessKafka
        metadata: { name: kept, namespace: %s }
        spec: { provisioning: OnDemand }
        """
                    .formatted(ns));
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(ServerlessKafka.class).inNamespace(ns).withName("kept").get()
                    != null);
    owner = client.resources(ServerlessKafka.class).inNamespace(ns).withName("kept").get();
    key = ns + "/kept";
  }

  private ConfigMapAutoscalerStateStore newStore() {
    return new ConfigMapAutoscalerStateStore(client, applier, owner, clock);
  }

  private ConfigMap configMap() {
    return client
        .configMaps()
        .inNamespace(owner.getMetadata().getNamespace())
        .withName("kept-autoscaler-state")
        .get();
  }

  @Test
  void roundTripsTheStateThroughAnOwnedLabelledConfigMap() {
    AutoscalerState state = AutoscalerState.initial(SETTINGS);
    for (int i = 0; i < 8; i++) {
      Instant t = clock.instant().plus(STEP.multipliedBy(i));
      state.metrics().add(t, new ClusterLoad(1e6 * i, 2e6 * i, 3e9, 120));
      state.scaleUpRecommendations().add(t, 3 + i % 2);
      state.scaleDownRecommendations().add(t, 3);
    }
    state.recordScaling(new ScalingRecord(clock.instant(), 3, 4));
    state.recordScaling(new ScalingRecord(clock.instant().plusSeconds(60), 4, 3));
    clock.advance(STEP.multipliedBy(8));

    newStore().store(key, state);
    AutoscalerState read = newStore().load(key).orElseThrow();

    assertThat(read.metrics().samples()).isEqualTo(state.metrics().samples());
    assertThat(read.metrics().length()).isEqualTo(state.metrics().length());
    assertThat(read.scaleUpRecommendations().entries())
        .isEqualTo(state.scaleUpRecommendations().entries());
    assertThat(read.scaleDownRecommendations().entries())
        .isEqualTo(state.scaleDownRecommendations().entries());
    assertThat(read.scaleDownRecommendations().retention())
        .isEqualTo(SETTINGS.scaleDownStabilization());
    assertThat(read.lastScaling()).isEqualTo(state.lastScaling());
    assertThat(read.lastScaleUp())
        .contains(new ScalingRecord(clock.instant().minus(STEP.multipliedBy(8)), 3, 4));

    ConfigMap stored = configMap();
    assertThat(stored.getMetadata().getLabels())
        .containsEntry(ApiGroup.LABEL_MANAGED_BY, ApiGroup.MANAGED_BY_VALUE)
        .containsEntry(ApiGroup.LABEL_CLUSTER, "kept");
    assertThat(stored.getMetadata().getOwnerReferences())
        .isNullOrEmpty(); // the operator deletes it with the cluster
    assertThat(io.serverlesskafka.operator.model.ClusterOwnedMetadata.ownedBy(stored, owner))
        .isTrue();
  }

  @Test
  void storingAnUnchangedStateWritesNothing() {
    ConfigMapAutoscalerStateStore store = newStore();
    AutoscalerState state = AutoscalerState.initial(SETTINGS);
    state.metrics().add(clock.instant(), ClusterLoad.ofThroughput(1, 1));
    store.store(key, state);
    String version = configMap().getMetadata().getResourceVersion();

    store.store(key, state);
    assertThat(configMap().getMetadata().getResourceVersion()).isEqualTo(version);

    state.metrics().add(clock.instant().plusSeconds(15), ClusterLoad.ofThroughput(2, 2));
    store.store(key, state);
    assertThat(configMap().getMetadata().getResourceVersion()).isNotEqualTo(version);
  }

  @Test
  void anAutoscalerOnAFreshStoreAfterARestartKeepsTheScaleDownWindow() {
    // 6 brokers carrying 20 MiB/s: 3 would do (the minimum), after 15 minutes of evidence.
    List<ScaleDecision> realized = new ArrayList<>();
    runFor(Duration.ofMinutes(10), realized);
    assertThat(realized).isEmpty();

    // Restart: a new store and a new autoscaler; the windows come from the ConfigMap.
    ScaleDecision last = runFor(Duration.ofMinutes(5), realized); // up to 14m45s
    assertThat(last.reason()).isEqualTo(DecisionReason.SCALE_DOWN_STABILIZING);
    assertThat(realized).as("no scale-down before the 15 minute window is full").isEmpty();

    ScaleDecision decision = runFor(STEP, realized); // at 15m
    assertThat(decision.reason()).isEqualTo(DecisionReason.SCALE_DOWN);
    assertThat(realized).singleElement().extracting(ScaleDecision::targetBrokers).isEqualTo(3);
  }

  @Test
  void aStateOlderThanItsMetricsWindowIsNotContinued() {
    List<ScaleDecision> realized = new ArrayList<>();
    runFor(Duration.ofMinutes(10), realized);

    // The operator was away for longer than the 5 minute metrics window: the hole must not count as
    // calm.
    clock.advance(Duration.ofMinutes(6));
    assertThat(newStore().load(key)).isEmpty();
    ScaleDecision decision = runFor(STEP, realized);
    assertThat(decision.reason()).isEqualTo(DecisionReason.SCALE_DOWN_STABILIZING);
    assertThat(realized).isEmpty();
  }

  @Test
  void removeDeletesTheConfigMap() {
    ConfigMapAutoscalerStateStore store = newStore();
    store.store(key, AutoscalerState.initial(SETTINGS));
    assertThat(configMap()).isNotNull();

    store.remove(key);

    assertThat(configMap()).isNull();
    assertThat(newStore().load(key)).isEmpty();
  }

  /**
   * A new autoscaler on a new store (as after a restart), evaluated every 15 s for {@code
   * duration}.
   */
  private ScaleDecision runFor(Duration duration, List<ScaleDecision> realized) {
    Autoscaler autoscaler =
        new Autoscaler(
            key,
            SETTINGS,
            clock,
            () ->
                ClusterMetrics.evenlySpread(
                    clock.instant(), ClusterLoad.ofThroughput(20 * 1024 * 1024, 0), 6, 6, false),
            newStore(),
            realized::add,
            AutoscalerEventSink.NONE);
    ScaleDecision last = null;
    for (Duration elapsed = Duration.ZERO;
        elapsed.compareTo(duration) < 0;
        elapsed = elapsed.plus(STEP)) {
      last = autoscaler.evaluate();
      clock.advance(STEP);
    }
    return last;
  }
}
