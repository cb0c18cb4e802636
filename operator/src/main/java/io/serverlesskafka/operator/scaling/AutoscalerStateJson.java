package io.serverlesskafka.operator.scaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlesskafka.autoscaler.scaling.AutoscalerState;
import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.DipMemory;
import io.serverlesskafka.autoscaler.scaling.LeadTimePolicy;
import io.serverlesskafka.autoscaler.scaling.MetricsWindow;
import io.serverlesskafka.autoscaler.scaling.NeedHistory;
import io.serverlesskafka.autoscaler.scaling.RecommendationHistory;
import io.serverlesskafka.autoscaler.scaling.ScalingRecord;
import io.serverlesskafka.autoscaler.scaling.WanderMemory;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@link AutoscalerState} as JSON, for the state ConfigMap. The mapping lives here, not in the
 * autoscaler module, so that the pure decision classes carry no storage format. Times and durations
 * are ISO-8601 strings: a person reading the ConfigMap sees when each sample was taken.
 */
final class AutoscalerStateJson {
  /** Raised when the stored text is not a state this version can read. */
  static final class UnreadableStateException extends RuntimeException {
    UnreadableStateException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  // Unknown fields are ignored so that a state written by a newer operator still loads after a
  // rollback.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * The lastScaling fields are left out until the first scaling. {@code needs} and {@code dips}
   * (the LeadTime policy's) are absent in a state written before that policy: such a state loads
   * with an empty need history and nothing learned, which only delays the first scale-down by one
   * wait. {@code wander} (what the forecast's misses taught) is absent in a state written before it
   * was learned, and left out while nothing is learned: such a state loads with no margin, which is
   * learned again over the next lead times.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Document(
      Window metrics,
      History scaleUpRecommendations,
      History scaleDownRecommendations,
      Scaling lastScaling,
      Scaling lastScaleUp,
      Needs needs,
      Dips dips,
      Wander wander) {}

  /**
   * The pending forecasts (what the cluster was prepared for, brokers' worth) and the decayed
   * histogram of misses (bin i: misses up to i percent of the forecast), both bounded by {@link
   * WanderMemory}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Wander(List<Prepared> forecasts, double[] weights, String decayedAt, String jumpAt) {}

  record Prepared(String time, double prepared) {}

  record Needs(String retention, List<Entry> entries, String lastSeen) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Dips(
      String lowSince, String lastDownAt, String lastDownWait, String learned, String learnedAt) {}

  record Window(String length, List<Sample> samples) {}

  record Sample(
      String time,
      double ingressBytesPerSec,
      double egressBytesPerSec,
      double diskBytes,
      double partitions) {}

  record History(String retention, List<Entry> entries) {}

  record Entry(String time, int brokers) {}

  record Scaling(String time, int fromBrokers, int toBrokers) {}

  private AutoscalerStateJson() {}

  static String write(AutoscalerState state) {
    Document document =
        new Document(
            window(state.metrics()),
            history(state.scaleUpRecommendations()),
            history(state.scaleDownRecommendations()),
            state.lastScaling().map(AutoscalerStateJson::scaling).orElse(null),
            state.lastScaleUp().map(AutoscalerStateJson::scaling).orElse(null),
            needs(state.needs()),
            dips(state.dips()),
            wander(state.wander()));
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AutoscalerState read(String json) {
    try {
      Document d = MAPPER.readValue(json, Document.class);
      return new AutoscalerState(
          MetricsWindow.restore(
              Duration.parse(d.metrics().length()),
              d.metrics().samples().stream()
                  .map(
                      s ->
                          new MetricsWindow.Sample(
                              Instant.parse(s.time()),
                              new ClusterLoad(
                                  s.ingressBytesPerSec(),
                                  s.egressBytesPerSec(),
                                  s.diskBytes(),
                                  s.partitions())))
                  .toList()),
          history(d.scaleUpRecommendations()),
          history(d.scaleDownRecommendations()),
          scaling(d.lastScaling()),
          scaling(d.lastScaleUp()),
          d.needs() == null ? new NeedHistory(LeadTimePolicy.MAX_WAIT) : needs(d.needs()),
          d.dips() == null ? new DipMemory() : dips(d.dips()),
          d.wander() == null ? new WanderMemory() : wander(d.wander()));
    } catch (JsonProcessingException | RuntimeException e) {
      // Missing parts show up as NullPointerExceptions, bad times as DateTimeParseExceptions: all
      // mean unreadable.
      throw new UnreadableStateException("unreadable autoscaler state: " + e.getMessage(), e);
    }
  }

  private static Window window(MetricsWindow window) {
    return new Window(
        window.length().toString(),
        window.samples().stream()
            .map(
                s ->
                    new Sample(
                        s.time().toString(),
                        s.load().ingressBytesPerSec(),
                        s.load().egressBytesPerSec(),
                        s.load().diskBytes(),
                        s.load().partitions()))
            .toList());
  }

  private static History history(RecommendationHistory history) {
    return new History(
        history.retention().toString(),
        history.entries().stream().map(e -> new Entry(e.time().toString(), e.brokers())).toList());
  }

  private static RecommendationHistory history(History history) {
    return RecommendationHistory.restore(
        Duration.parse(history.retention()),
        history.entries().stream()
            .map(e -> new RecommendationHistory.Entry(Instant.parse(e.time()), e.brokers()))
            .toList());
  }

  private static Needs needs(NeedHistory needs) {
    return new Needs(
        needs.retention().toString(),
        needs.entries().stream().map(e -> new Entry(e.time().toString(), e.brokers())).toList(),
        needs.lastSeen() == null ? null : needs.lastSeen().toString());
  }

  private static NeedHistory needs(Needs needs) {
    return NeedHistory.restore(
        Duration.parse(needs.retention()),
        needs.entries().stream()
            .map(e -> new NeedHistory.Entry(Instant.parse(e.time()), e.brokers()))
            .toList(),
        needs.lastSeen() == null ? null : Instant.parse(needs.lastSeen()));
  }

  private static Dips dips(DipMemory dips) {
    return new Dips(
        text(dips.lowSince()),
        text(dips.lastDownAt()),
        text(dips.lastDownWait()),
        text(dips.learned()),
        text(dips.learnedAt()));
  }

  private static DipMemory dips(Dips dips) {
    return new DipMemory(
        instant(dips.lowSince()),
        instant(dips.lastDownAt()),
        duration(dips.lastDownWait()),
        duration(dips.learned()),
        instant(dips.learnedAt()));
  }

  private static Wander wander(WanderMemory wander) {
    if (wander.forecasts().isEmpty() && wander.weights().length == 0) {
      return null;
    }
    return new Wander(
        wander.forecasts().stream()
            .map(e -> new Prepared(e.time().toString(), e.prepared()))
            .toList(),
        // Three decimals are plenty for weights of about 1 to a few thousand, and keep the text
        // short.
        java.util.Arrays.stream(wander.weights()).map(w -> Math.round(w * 1000) / 1000.0).toArray(),
        text(wander.decayedAt()),
        text(wander.jumpAt()));
  }

  private static WanderMemory wander(Wander wander) {
    return new WanderMemory(
        wander.forecasts() == null
            ? List.of()
            : wander.forecasts().stream()
                .map(e -> new WanderMemory.Entry(Instant.parse(e.time()), e.prepared()))
                .toList(),
        wander.weights(),
        instant(wander.decayedAt()),
        instant(wander.jumpAt()));
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static Duration duration(String text) {
    return text == null ? null : Duration.parse(text);
  }

  private static Scaling scaling(ScalingRecord scaling) {
    return new Scaling(scaling.time().toString(), scaling.fromBrokers(), scaling.toBrokers());
  }

  private static ScalingRecord scaling(Scaling scaling) {
    return scaling == null
        ? null
        : new ScalingRecord(
            Instant.parse(scaling.time()), scaling.fromBrokers(), scaling.toBrokers());
  }
}
