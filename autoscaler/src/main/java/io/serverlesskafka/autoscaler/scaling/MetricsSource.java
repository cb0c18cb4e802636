package io.serverlesskafka.autoscaler.scaling;

/**
 * Where the autoscaler reads the cluster's load. The operator's default derives rates from the Kafka Admin
 * API (a Prometheus HTTP API source is the alternative); the simulator replays a trace.
 */
public interface MetricsSource {
  /** One observation of the cluster now. */
  ClusterMetrics collect();
}
