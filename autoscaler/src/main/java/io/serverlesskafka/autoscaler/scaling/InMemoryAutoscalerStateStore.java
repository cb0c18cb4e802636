package io.serverlesskafka.autoscaler.scaling;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps state in this process: for the simulator and tests (state is lost on restart). */
public final class InMemoryAutoscalerStateStore implements AutoscalerStateStore {
  private final Map<String, AutoscalerState> states = new ConcurrentHashMap<>();

  @Override
  public Optional<AutoscalerState> load(String cluster) {
    return Optional.ofNullable(states.get(cluster));
  }

  @Override
  public void store(String cluster, AutoscalerState state) {
    states.put(cluster, state);
  }

  @Override
  public void remove(String cluster) {
    states.remove(cluster);
  }
}
