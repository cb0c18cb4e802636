package io.serverlesskafka.operator.scaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlesskafka.autoscaler.scaling.AutoscalerState;
import io.serverlesskafka.autoscaler.scaling.ClusterLoad;
import io.serverlesskafka.autoscaler.scaling.MetricsWindow;
import io.serverlesskafka.autoscaler.scaling.RecommendationHistory;
import io.serverlesskafka.autoscaler.scaling.ScalingRecord;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@link AutoscalerState} as JSON, for the state ConfigMap. The mapping lives here, not in the autoscaler module,
 * so that the pure decision classes carry no storage format. Times and durations are ISO-8601 strings: a person
 * reading the ConfigMap sees when each sample was taken.
 */
final class AutoscalerStateJson {
  /** Raised when the stored text is not a state this version can read. */
  static final class UnreadableStateException extends RuntimeException {
    UnreadableStateException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  // Unknown fields are ignored so that a state written by a newer operator still loads after a rollback.
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The lastScaling fields are left out until the first scaling. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Document(Window metrics, History scaleUpRecommendations, History scaleDownRecommendations,
      Scaling lastScaling, Scaling lastScaleUp) {}

  record Window(String length, List<Sample> samples) {}

  record Sample(String time, double ingressBytesPerSec, double egressBytesPerSec, double diskBytes, double partitions) {}

  record History(String retention, List<Entry> entries) {}

  record Entry(String time, int brokers) {}

  record Scaling(String time, int fromBrokers, int toBrokers) {}

  private AutoscalerStateJson() {}

  static String write(AutoscalerState state) {
    Document document = new Document(
        window(state.metrics()),
        history(state.scaleUpRecommendations()),
        history(state.scaleDownRecommendations()),
        state.lastScaling().map(AutoscalerStateJson::scaling).orElse(null),
        state.lastScaleUp().map(AutoscalerStateJson::scaling).orElse(null));
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
          MetricsWindow.restore(Duration.parse(d.metrics().length()), d.metrics().samples().stream()
              .map(s -> new MetricsWindow.Sample(Instant.parse(s.time()),
                  new ClusterLoad(s.ingressBytesPerSec(), s.egressBytesPerSec(), s.diskBytes(), s.partitions())))
              .toList()),
          history(d.scaleUpRecommendations()),
          history(d.scaleDownRecommendations()),
          scaling(d.lastScaling()),
          scaling(d.lastScaleUp()));
    } catch (JsonProcessingException | RuntimeException e) {
      // Missing parts show up as NullPointerExceptions, bad times as DateTimeParseExceptions: all mean unreadable.
      throw new UnreadableStateException("unreadable autoscaler state: " + e.getMessage(), e);
    }
  }

  private static Window window(MetricsWindow window) {
    return new Window(window.length().toString(), window.samples().stream()
        .map(s -> new Sample(s.time().toString(), s.load().ingressBytesPerSec(), s.load().egressBytesPerSec(),
            s.load().diskBytes(), s.load().partitions()))
        .toList());
  }

  private static History history(RecommendationHistory history) {
    return new History(history.retention().toString(),
        history.entries().stream().map(e -> new Entry(e.time().toString(), e.brokers())).toList());
  }

  private static RecommendationHistory history(History history) {
    return RecommendationHistory.restore(Duration.parse(history.retention()),
        history.entries().stream().map(e -> new RecommendationHistory.Entry(Instant.parse(e.time()), e.brokers())).toList());
  }

  private static Scaling scaling(ScalingRecord scaling) {
    return new Scaling(scaling.time().toString(), scaling.fromBrokers(), scaling.toBrokers());
  }

  private static ScalingRecord scaling(Scaling scaling) {
    return scaling == null ? null : new ScalingRecord(Instant.parse(scaling.time()), scaling.fromBrokers(), scaling.toBrokers());
  }
}
