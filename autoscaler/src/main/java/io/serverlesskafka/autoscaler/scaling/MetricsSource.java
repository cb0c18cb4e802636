package io.serverlesskafka.autoscaler.scaling;

/**
 * Where the autoscaler reads the cluster's load. The operator's default derives rates from the
 * Kafka Admin API (a Prometheus HTTP API source is the alternative); the simulator replays a trace.
 */
public interface MetricsSource {
  /**
   * One observation of the cluster now.
   *
   * @throws MetricsUnavailableException when the load cannot be read this round (the operator's
   *     Admin API source throws {@code KafkaUnavailableException}, the other "try again later"
   *     signal)
   */
  ClusterMetrics collect();
}
