package io.serverlesskafka.autoscaler.simulation;

/**
 * One row of a traffic trace: the cluster's offered load at a time (seconds from the trace start).
 */
public record TracePoint(long timeSeconds, double ingressBytesPerSec, double egressBytesPerSec) {}
