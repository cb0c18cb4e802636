package io.serverlesskafka.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.serverlesskafka.operator.config.OperatorConfig;
import io.serverlesskafka.operator.metrics.KubeRequestCounter;
import java.util.concurrent.CountDownLatch;

/**
 * The operator process as the Helm chart runs it: configuration from the environment, client from
 * the pod.
 */
public final class OperatorMain {
  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    OperatorConfig config = OperatorConfig.fromEnv(System.getenv());
    KubeRequestCounter requests = new KubeRequestCounter();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withHttpClientBuilderConsumer(
                b -> b.addOrReplaceInterceptor("request-counter", requests))
            .build();
    ServerlessKafkaOperator operator = new ServerlessKafkaOperator(client, config);
    requests.register(operator.metrics().registry());
    operator.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }
}
