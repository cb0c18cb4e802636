package io.serverlesskafka.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import java.util.Map;

/**
 * Feeds the Java Operator SDK's monitoring callbacks into our Prometheus metrics (no Micrometer in
 * between).
 */
public final class JosdkMetricsBridge implements Metrics {
  private final OperatorMetrics metrics;

  public JosdkMetricsBridge(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    String action = event instanceof ResourceEvent re ? re.getAction().name() : "other";
    metrics.events.labelValues(controller(metadata), action).inc();
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    metrics.reconciliations.labelValues(controller(metadata)).inc();
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    metrics
        .reconciliationErrors
        .labelValues(controller(metadata), exception.getClass().getSimpleName())
        .inc();
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    long start = System.nanoTime();
    String result = "error";
    try {
      T value = execution.execute();
      result = execution.successTypeName(value);
      return value;
    } finally {
      metrics
          .reconciliationDuration
          .labelValues(execution.controllerName(), execution.name(), result)
          .observe((System.nanoTime() - start) / 1e9);
    }
  }

  private static String controller(Map<String, Object> metadata) {
    Object name = metadata == null ? null : metadata.get(Constants.CONTROLLER_NAME);
    return name == null ? "unknown" : name.toString();
  }
}
