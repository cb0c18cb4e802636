package io.serverlesskafka.operator.metrics;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the operator's own requests to the Kubernetes API by HTTP method ({@code
 * serverless_kafka_operator_kube_requests_total}): the API server's {@code apiserver_request_total}
 * counts every client together, and the cost per topic of the operator alone is what the chart's
 * sizing and the API server's load depend on. A watch counts once, when it is opened.
 */
public final class KubeRequestCounter implements Interceptor {
  public static final String NAME = "serverless_kafka_operator_kube_requests_total";
  private final Map<String, LongAdder> byMethod = new ConcurrentHashMap<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    byMethod.computeIfAbsent(request.method(), m -> new LongAdder()).increment();
  }

  public long count(String method) {
    LongAdder adder = byMethod.get(method);
    return adder == null ? 0 : adder.sum();
  }

  public void register(PrometheusRegistry registry) {
    CounterWithCallback.builder()
        .name(NAME)
        .help("Requests of the operator to the Kubernetes API, by HTTP method")
        .labelNames("method")
        .callback(
            callback -> byMethod.forEach((method, count) -> callback.call(count.sum(), method)))
        .register(registry);
  }
}
