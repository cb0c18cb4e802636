package io.serverlesskafka.autoscaler.scaling;

/** Load of one resource divided by the capacity of the brokers carrying it (1.0 = saturated). */
public record Utilization(ScalingResource resource, double value) {}
