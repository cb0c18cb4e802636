package io.serverlesskafka.autoscaler.scaling;

/**
 * What one serving broker carries at a sample time, as the metrics source observed it (Kafka Admin
 * API derived rates, or Prometheus).
 */
public record BrokerMetrics(int brokerId, ClusterLoad load) {}
