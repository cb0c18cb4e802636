package io.serverlesskafka.autoscaler.simulation;

/**
 * One row of the simulation timeline, per trace sample.
 *
 * @param desiredBrokers brokers requested after this sample's decision
 * @param readyBrokers brokers serving load at this sample
 * @param paidBrokers brokers paid for (requested plus those still draining)
 * @param action "", "scale-up" or "scale-down"
 * @param saturated load exceeds the ready brokers' capacity on some resource
 */
public record TimelineRow(
    long timeSeconds,
    double ingressBytesPerSec,
    double egressBytesPerSec,
    int desiredBrokers,
    int readyBrokers,
    int paidBrokers,
    String action,
    boolean saturated) {
  public static final String SCALE_UP = "scale-up";
  public static final String SCALE_DOWN = "scale-down";
}
