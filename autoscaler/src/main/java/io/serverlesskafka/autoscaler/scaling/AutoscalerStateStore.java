package io.serverlesskafka.autoscaler.scaling;

import java.util.Optional;

/**
 * Keeps {@link AutoscalerState} between evaluations, per cluster ({@code namespace/name}). In
 * memory for the simulator and tests; the operator stores it in a ConfigMap so a restart keeps the
 * windows.
 */
public interface AutoscalerStateStore {
  Optional<AutoscalerState> load(String cluster);

  void store(String cluster, AutoscalerState state);

  void remove(String cluster);
}
