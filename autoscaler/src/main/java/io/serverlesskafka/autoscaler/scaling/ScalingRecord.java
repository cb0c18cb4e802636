package io.serverlesskafka.autoscaler.scaling;

import java.time.Instant;

/** A scaling the autoscaler realized: stabilization windows never reach back before it. */
public record ScalingRecord(Instant time, int fromBrokers, int toBrokers) {}
