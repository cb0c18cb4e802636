package io.serverlesskafka.autoscaler.scaling;

import java.util.ArrayList;
import java.util.List;

/** Keeps the decisions published as events. */
final class TestingEventSink implements AutoscalerEventSink {
  final List<ScaleDecision> events = new ArrayList<>();

  @Override
  public void onDecision(String cluster, ScaleDecision decision) {
    events.add(decision);
  }
}
