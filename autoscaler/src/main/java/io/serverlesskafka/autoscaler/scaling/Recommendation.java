package io.serverlesskafka.autoscaler.scaling;

/**
 * What the load calls for now, seen two ways. Scaling up reads the latest sample (a saturated
 * cluster cannot wait for an average to catch up; the scale-up stabilization filters short bursts).
 * Scaling down reads the metrics-window average (bursts that the target's headroom absorbs must not
 * keep brokers).
 *
 * @param latest sizing of the latest sample: feeds the scale-up rule
 * @param average sizing of the metrics-window average: feeds the scale-down rule
 * @param saturated the latest sample exceeds the serving brokers' capacity on some resource
 */
public record Recommendation(Sizing latest, Sizing average, boolean saturated) {}
