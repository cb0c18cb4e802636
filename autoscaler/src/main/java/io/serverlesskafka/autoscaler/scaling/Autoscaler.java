package io.serverlesskafka.autoscaler.scaling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation of one cluster: metrics source → policy → state store → realizer → event sink. The
 * operator calls {@link #evaluate()} on each reconcile of a ServerlessKafka; the simulator once per
 * trace sample. Time comes from the clock only, so tests and the simulator step it.
 */
public final class Autoscaler {
  private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);

  private final String cluster;
  private final ScalingPolicy policy;
  private final LeadTimePolicy leadTime;
  private final Clock clock;
  private final MetricsSource metricsSource;
  private final AutoscalerStateStore stateStore;
  private final ScalingRealizer realizer;
  private final AutoscalerEventSink eventSink;

  public Autoscaler(
      String cluster,
      AutoscalerSettings settings,
      Clock clock,
      MetricsSource metricsSource,
      AutoscalerStateStore stateStore,
      ScalingRealizer realizer,
      AutoscalerEventSink eventSink) {
    this.cluster = cluster;
    this.policy = new ScalingPolicy(settings);
    this.leadTime = new LeadTimePolicy(settings);
    this.clock = clock;
    this.metricsSource = metricsSource;
    this.stateStore = stateStore;
    this.realizer = realizer;
    this.eventSink = eventSink;
  }

  public ScaleDecision evaluate() {
    Instant now = clock.instant();
    ClusterMetrics metrics = metricsSource.collect();
    AutoscalerSettings settings = policy.settings();
    AutoscalerState state =
        stateStore
            .load(cluster)
            .orElseGet(() -> AutoscalerState.initial(settings))
            .fittedTo(settings);

    state.metrics().add(metrics.time(), metrics.totalLoad());
    ScaleDecision decision;
    Duration scaleDownWait = Duration.ZERO;
    if (settings.policy() == SizingPolicy.LEAD_TIME) {
      Forecast forecast = leadTime.forecast(state, metrics);
      leadTime.learn(state, forecast, now);
      leadTime.remember(state, forecast, now);
      state.scaleUpRecommendations().add(now, forecast.upBrokers());
      state.needs().add(now, forecast.downBrokers(), leadTime.maxGap());
      state
          .dips()
          .track(
              now,
              forecast.downBrokers() < metrics.requestedBrokers(),
              leadTime.baseWait(metrics),
              settings.dipMemory());
      scaleDownWait = leadTime.scaleDownWait(state, metrics, now);
      decision = leadTime.decide(state, metrics, forecast, now);
    } else {
      Recommendation recommendation = policy.recommend(state.metrics(), metrics);
      state.scaleUpRecommendations().add(now, recommendation.latest().brokers());
      state.scaleDownRecommendations().add(now, recommendation.average().brokers());
      decision = policy.decide(state, metrics, recommendation, now);
    }

    if (decision.changesBrokers() && settings.mode() == ScalingMode.AUTO) {
      // Remember the scaling before asking for it: if realizing fails half-way, the windows still
      // restart and a retry does not look like a fresh opportunity to scale the other way.
      state.recordScaling(
          new ScalingRecord(now, decision.currentBrokers(), decision.targetBrokers()));
      if (decision.action() == ScaleAction.SCALE_DOWN) {
        state.dips().onScaleDown(now, scaleDownWait);
      } else {
        state.dips().onScaleUp(now, leadTime.regretWindow(metrics), settings.dipMemory());
      }
      stateStore.store(cluster, state);
      decision = decision.asRealized();
      realizer.realize(decision);
    } else {
      stateStore.store(cluster, state);
    }
    if (decision.changesBrokers()) {
      LOG.info("{} {}", cluster, decision);
      eventSink.onDecision(cluster, decision);
    } else {
      LOG.debug("{} {}", cluster, decision);
    }
    return decision;
  }
}
