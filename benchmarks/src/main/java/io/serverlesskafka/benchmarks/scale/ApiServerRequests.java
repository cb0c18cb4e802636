package io.serverlesskafka.benchmarks.scale;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.benchmarks.soak.OperatorProbe;

/**
 * kube-apiserver's own count of the requests it served ({@code apiserver_request_total}), over all
 * clients.
 */
final class ApiServerRequests {
  private final KubernetesClient client;

  ApiServerRequests(KubernetesClient client) {
    this.client = client;
  }

  long total() {
    String text = client.raw(client.getMasterUrl().toString().replaceAll("/$", "") + "/metrics");
    if (text == null) {
      throw new IllegalStateException("kube-apiserver's /metrics answered nothing");
    }
    double[] sum = new double[1];
    OperatorProbe.forEachSample(
        text, "apiserver_request_total", (labels, value) -> sum[0] += value);
    return (long) sum[0];
  }
}
