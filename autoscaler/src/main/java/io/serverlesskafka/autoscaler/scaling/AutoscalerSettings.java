package io.serverlesskafka.autoscaler.scaling;

import java.time.Duration;
import java.util.Objects;

/**
 * The one typed home of the autoscaler's settings, mirroring {@code ServerlessKafka.spec.brokers}
 * and {@code spec.autoscaling}. Defaults are the CRD's defaults and are listed in {@code
 * docs/autoscaler.md}.
 *
 * @param minBrokers fewest brokers ever requested ({@code brokers.min}, default 3: replication
 *     factor 3 needs three brokers)
 * @param maxBrokers most brokers ever requested ({@code brokers.max}, default 12)
 * @param capacity what one broker carries ({@code brokers.capacity}, default 50 MiB/s in, 100 MiB/s
 *     out)
 * @param targetUtilization utilization of the busiest resource that a scaling brings the cluster
 *     back to (default 0.6: headroom for a burst while new brokers are provisioned)
 * @param tolerance dead band around the target, as a fraction of it (default 0.1: utilization
 *     within 0.54..0.66 of a 0.6 target changes nothing)
 * @param metricsWindow load is averaged over this window before sizing, so one noisy sample does
 *     not move brokers (default 5m)
 * @param scaleUpStabilization a higher broker count must be needed for this long before scaling up
 *     (default 60s); skipped when the cluster is already saturated
 * @param scaleDownStabilization a lower broker count must be enough for this long before scaling
 *     down; the highest recommendation seen in it is used (default 8m: dips shorter than this are
 *     ridden out; a removal pays off only when the lower count then stays enough for longer than
 *     the drain, minus the scale-up stabilization, see {@code docs/autoscaler.md})
 * @param maxStep most brokers added or removed by one decision, 0 = no limit (default 0)
 * @param mode Auto realizes decisions, RecommendOnly only reports them (default Auto)
 * @param policy LeadTime (default) or Target (the fixed-target policy above). With LeadTime, {@code
 *     targetUtilization} is the most headroom ever kept (the utilization sized for when the load is
 *     as volatile as it gets), {@code tolerance} the extra margin a scale-down needs, {@code
 *     scaleUpStabilization} how long a forecast above {@code maxUtilization} (but within capacity)
 *     must last, and {@code scaleDownStabilization} the shortest wait before a removal
 * @param maxUtilization LeadTime: the safe ceiling, the highest utilization of any resource the
 *     forecast may reach (default 0.95; never below {@code targetUtilization}, so an old spec with
 *     a higher target keeps it)
 * @param provisionTime LeadTime: from asking for a broker until it serves, the lead time the
 *     forecast looks ahead (default 2m)
 * @param drainTime LeadTime: from asking to remove a broker until it is gone; paid for until then
 *     (default 5m)
 * @param dataMoveBytesPerSec LeadTime: rate at which data is moved onto or off a broker, to price
 *     the data a removal and its undoing move (stored bytes per broker / rate, both ways); 0 = data
 *     moves are free (default 0)
 * @param dipMemory LeadTime: half-life of the remembered dip length that lengthens the wait before
 *     a scale-down after one was reversed within its break-even (default 6h)
 * @param wanderMemory LeadTime: half-life of the forecast's remembered misses (how far the load
 *     rose above the peak forecast one lead time earlier), whose high quantile is added to the
 *     headroom ({@link WanderMemory}); 0 = not learned, no such margin (default 6h)
 */
public record AutoscalerSettings(
    int minBrokers,
    int maxBrokers,
    BrokerCapacity capacity,
    double targetUtilization,
    double tolerance,
    Duration metricsWindow,
    Duration scaleUpStabilization,
    Duration scaleDownStabilization,
    int maxStep,
    ScalingMode mode,
    SizingPolicy policy,
    double maxUtilization,
    Duration provisionTime,
    Duration drainTime,
    double dataMoveBytesPerSec,
    Duration dipMemory,
    Duration wanderMemory) {

  public static final int DEFAULT_MIN_BROKERS = 3;
  public static final int DEFAULT_MAX_BROKERS = 12;
  public static final double DEFAULT_INGRESS_MIBPS = 50;
  public static final double DEFAULT_EGRESS_MIBPS = 100;
  public static final double DEFAULT_TARGET_UTILIZATION = 0.6;
  public static final double DEFAULT_TOLERANCE = 0.1;
  public static final Duration DEFAULT_METRICS_WINDOW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_SCALE_UP_STABILIZATION = Duration.ofSeconds(60);
  public static final Duration DEFAULT_SCALE_DOWN_STABILIZATION = Duration.ofMinutes(8);
  public static final int DEFAULT_MAX_STEP = 0;
  public static final double DEFAULT_MAX_UTILIZATION = 0.95;
  public static final Duration DEFAULT_PROVISION_TIME = Duration.ofMinutes(2);
  public static final Duration DEFAULT_DRAIN_TIME = Duration.ofMinutes(5);
  public static final Duration DEFAULT_DIP_MEMORY = Duration.ofHours(6);
  public static final Duration DEFAULT_WANDER_MEMORY = Duration.ofHours(6);

  public AutoscalerSettings {
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(policy, "policy");
    if (minBrokers < 1) {
      throw new IllegalArgumentException("brokers.min must be >= 1, was " + minBrokers);
    }
    if (maxBrokers < minBrokers) {
      throw new IllegalArgumentException(
          "brokers.max (" + maxBrokers + ") must be >= brokers.min (" + minBrokers + ")");
    }
    if (!(targetUtilization > 0 && targetUtilization <= 1)) {
      throw new IllegalArgumentException(
          "autoscaling.targetUtilization must be in (0, 1], was " + targetUtilization);
    }
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException(
          "autoscaling.tolerance must be in [0, 1), was " + tolerance);
    }
    requireNotNegative("autoscaling.metricsWindow", metricsWindow);
    requireNotNegative("autoscaling.scaleUpStabilization", scaleUpStabilization);
    requireNotNegative("autoscaling.scaleDownStabilization", scaleDownStabilization);
    if (maxStep < 0) {
      throw new IllegalArgumentException(
          "autoscaling.maxStep must be >= 0 (0 = no limit), was " + maxStep);
    }
    if (!(maxUtilization > 0 && maxUtilization <= 1)) {
      throw new IllegalArgumentException(
          "autoscaling.maxUtilization must be in (0, 1], was " + maxUtilization);
    }
    requireNotNegative("autoscaling.provisionTime", provisionTime);
    requireNotNegative("autoscaling.drainTime", drainTime);
    requireNotNegative("autoscaling.dipMemory", dipMemory);
    requireNotNegative("autoscaling.wanderMemory", wanderMemory);
    if (!(dataMoveBytesPerSec >= 0) || Double.isInfinite(dataMoveBytesPerSec)) {
      throw new IllegalArgumentException(
          "the data move rate must be >= 0 (0 = not charged), was " + dataMoveBytesPerSec);
    }
  }

  /**
   * Longer than any window or lead time means anything; sums of such durations then cannot
   * overflow.
   */
  static final Duration LONGEST = Duration.ofDays(366);

  private static void requireNotNegative(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
    if (value.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(
          field + " must be at most 366d, was " + DurationParser.format(value));
    }
  }

  public static AutoscalerSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .minBrokers(minBrokers)
        .maxBrokers(maxBrokers)
        .capacity(capacity)
        .targetUtilization(targetUtilization)
        .tolerance(tolerance)
        .metricsWindow(metricsWindow)
        .scaleUpStabilization(scaleUpStabilization)
        .scaleDownStabilization(scaleDownStabilization)
        .maxStep(maxStep)
        .mode(mode)
        .policy(policy)
        .maxUtilization(maxUtilization)
        .provisionTime(provisionTime)
        .drainTime(drainTime)
        .dataMoveBytesPerSec(dataMoveBytesPerSec)
        .dipMemory(dipMemory)
        .wanderMemory(wanderMemory);
  }

  /** The LeadTime ceiling: {@code maxUtilization}, but never below the target. */
  public double ceiling() {
    return Math.max(maxUtilization, targetUtilization);
  }

  /**
   * Time a removal must stay right for it to pay: the removed broker is paid through its drain, and
   * if the load comes back its replacement is paid while it provisions; the data moved off it and
   * back onto its replacement takes {@code bytesPerBroker / dataMoveBytesPerSec} each way.
   */
  public Duration breakEven(double storedBytesPerBroker) {
    Duration base = provisionTime.plus(drainTime);
    if (dataMoveBytesPerSec <= 0 || !(storedBytesPerBroker > 0)) {
      return base;
    }
    return base.plusSeconds(Math.round(2 * storedBytesPerBroker / dataMoveBytesPerSec));
  }

  /** Keeps a broker count within [min, max]. */
  public int clamp(int brokers) {
    return Math.max(minBrokers, Math.min(maxBrokers, brokers));
  }

  /** Starts from the documented defaults; {@link #build()} validates. */
  public static final class Builder {
    private int minBrokers = DEFAULT_MIN_BROKERS;
    private int maxBrokers = DEFAULT_MAX_BROKERS;
    private BrokerCapacity capacity =
        BrokerCapacity.ofMiBps(DEFAULT_INGRESS_MIBPS, DEFAULT_EGRESS_MIBPS);
    private double targetUtilization = DEFAULT_TARGET_UTILIZATION;
    private double tolerance = DEFAULT_TOLERANCE;
    private Duration metricsWindow = DEFAULT_METRICS_WINDOW;
    private Duration scaleUpStabilization = DEFAULT_SCALE_UP_STABILIZATION;
    private Duration scaleDownStabilization = DEFAULT_SCALE_DOWN_STABILIZATION;
    private int maxStep = DEFAULT_MAX_STEP;
    private ScalingMode mode = ScalingMode.AUTO;
    private SizingPolicy policy = SizingPolicy.LEAD_TIME;
    private double maxUtilization = DEFAULT_MAX_UTILIZATION;
    private Duration provisionTime = DEFAULT_PROVISION_TIME;
    private Duration drainTime = DEFAULT_DRAIN_TIME;
    private double dataMoveBytesPerSec = 0;
    private Duration dipMemory = DEFAULT_DIP_MEMORY;
    private Duration wanderMemory = DEFAULT_WANDER_MEMORY;

    private Builder() {}

    public Builder policy(SizingPolicy value) {
      policy = value;
      return this;
    }

    public Builder maxUtilization(double value) {
      maxUtilization = value;
      return this;
    }

    public Builder provisionTime(Duration value) {
      provisionTime = value;
      return this;
    }

    public Builder drainTime(Duration value) {
      drainTime = value;
      return this;
    }

    public Builder dataMoveBytesPerSec(double value) {
      dataMoveBytesPerSec = value;
      return this;
    }

    public Builder dipMemory(Duration value) {
      dipMemory = value;
      return this;
    }

    public Builder wanderMemory(Duration value) {
      wanderMemory = value;
      return this;
    }

    public Builder minBrokers(int value) {
      minBrokers = value;
      return this;
    }

    public Builder maxBrokers(int value) {
      maxBrokers = value;
      return this;
    }

    public Builder capacity(BrokerCapacity value) {
      capacity = value;
      return this;
    }

    public Builder targetUtilization(double value) {
      targetUtilization = value;
      return this;
    }

    public Builder tolerance(double value) {
      tolerance = value;
      return this;
    }

    public Builder metricsWindow(Duration value) {
      metricsWindow = value;
      return this;
    }

    public Builder scaleUpStabilization(Duration value) {
      scaleUpStabilization = value;
      return this;
    }

    public Builder scaleDownStabilization(Duration value) {
      scaleDownStabilization = value;
      return this;
    }

    public Builder maxStep(int value) {
      maxStep = value;
      return this;
    }

    public Builder mode(ScalingMode value) {
      mode = value;
      return this;
    }

    public AutoscalerSettings build() {
      return new AutoscalerSettings(
          minBrokers,
          maxBrokers,
          capacity,
          targetUtilization,
          tolerance,
          metricsWindow,
          scaleUpStabilization,
          scaleDownStabilization,
          maxStep,
          mode,
          policy,
          maxUtilization,
          provisionTime,
          drainTime,
          dataMoveBytesPerSec,
          dipMemory,
          wanderMemory);
    }
  }
}
