package io.serverlesskafka.api.v1alpha1;

/** Where the autoscaler reads the brokers' load. */
public enum MetricsSourceType {
  /** The Kafka Admin API: no extra infrastructure; egress is not visible there. */
  Admin,
  /** A Prometheus HTTP API that scrapes the brokers (Strimzi's JMX exporter metrics). */
  Prometheus
}
