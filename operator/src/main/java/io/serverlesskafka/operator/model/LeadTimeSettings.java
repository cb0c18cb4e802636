package io.serverlesskafka.operator.model;

import io.serverlesskafka.api.v1alpha1.AutoscalingPolicy;
import java.time.Duration;

/**
 * The autoscaling policy and the LeadTime policy's knobs of {@code spec.autoscaling}, defaults
 * filled in.
 *
 * @param policy LeadTime (default) or Target
 * @param maxUtilization the ceiling the forecast may reach (default 0.95)
 * @param provisionTime how long until an added broker serves (default 2m)
 * @param drainTime how long a removed broker is paid for while it drains (default 5m)
 * @param dipMemory half-life of what a reversed scale-down taught (default 6h)
 */
public record LeadTimeSettings(
    AutoscalingPolicy policy,
    double maxUtilization,
    Duration provisionTime,
    Duration drainTime,
    Duration dipMemory) {}
