package io.serverlesskafka.autoscaler.cli;

import io.serverlesskafka.autoscaler.scaling.AutoscalerSettings;
import io.serverlesskafka.autoscaler.scaling.BrokerCapacity;
import io.serverlesskafka.autoscaler.simulation.SimulationSettings;

/**
 * Settings of one {@code simulate} run while they are being assembled: defaults, then the YAML
 * file, then the flags. Capacity parts are kept apart so a flag can override one of them.
 */
final class SimulationConfig {
  final AutoscalerSettings.Builder autoscaler = AutoscalerSettings.builder();
  double ingressMiBps = AutoscalerSettings.DEFAULT_INGRESS_MIBPS;
  double egressMiBps = AutoscalerSettings.DEFAULT_EGRESS_MIBPS;
  double diskGiB = 0;
  long partitions = 0;
  long provisionSeconds = SimulationSettings.DEFAULT_PROVISION_SECONDS;
  long drainSeconds = SimulationSettings.DEFAULT_DRAIN_SECONDS;
  Integer initialBrokers;
  long retentionSeconds = SimulationSettings.DEFAULT_RETENTION_SECONDS;

  /**
   * The policy's lead time and drain time; when not set, the readiness model's (the policy knows
   * its cluster).
   */
  java.time.Duration provisionTime;

  java.time.Duration drainTime;
  double dataMoveMiBps = 0;

  /**
   * @throws IllegalArgumentException naming the setting that is invalid
   */
  AutoscalerSettings autoscalerSettings() {
    return autoscaler
        .provisionTime(
            provisionTime != null
                ? provisionTime
                : java.time.Duration.ofSeconds(Math.max(0, provisionSeconds)))
        .drainTime(
            drainTime != null ? drainTime : java.time.Duration.ofSeconds(Math.max(0, drainSeconds)))
        .dataMoveBytesPerSec(dataMoveMiBps * BrokerCapacity.MIB)
        .capacity(
            new BrokerCapacity(
                ingressMiBps * BrokerCapacity.MIB,
                egressMiBps * BrokerCapacity.MIB,
                diskGiB * BrokerCapacity.GIB,
                partitions))
        .build();
  }

  SimulationSettings simulationSettings(AutoscalerSettings settings) {
    int initial = initialBrokers != null ? initialBrokers : settings.minBrokers();
    return new SimulationSettings(provisionSeconds, drainSeconds, initial, retentionSeconds);
  }
}
