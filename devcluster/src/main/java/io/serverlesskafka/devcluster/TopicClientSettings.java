package io.serverlesskafka.devcluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options shared by produce and consume: which topic, and Kafka client settings read from its Secret. */
final class TopicClientSettings {
  @Parameters(index = "0", description = "ServerlessTopic name.")
  String topic;

  @Option(names = {"-n", "--namespace"}, description = "Namespace of the ServerlessTopic (default: ${DEFAULT-VALUE}).")
  String namespace = "default";

  @Option(names = "--kubeconfig", description = "Kubeconfig (default: $KUBECONFIG, else .dev/kubeconfig).")
  Path kubeconfig;

  record Settings(String kafkaTopic, String groupPrefix, Map<String, Object> clientProperties) {}

  Settings load() throws IOException {
    Path file = kubeconfig != null ? kubeconfig
        : System.getenv("KUBECONFIG") != null ? Path.of(System.getenv("KUBECONFIG")) : Path.of(".dev", "kubeconfig");
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("kubeconfig " + file + " not found: is bin/dev running?");
    }
    Config config = Config.fromKubeconfig(Files.readString(file));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      Secret secret = client.secrets().inNamespace(namespace).withName(topic + "-kafka").get();
      if (secret == null) {
        throw new IllegalArgumentException("Secret " + namespace + "/" + topic + "-kafka not found: is ServerlessTopic "
            + namespace + "/" + topic + " Ready? (kubectl get stopic -n " + namespace + ")");
      }
      Map<String, Object> props = new HashMap<>();
      for (String key : new String[] {"bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config"}) {
        props.put(key, value(secret, key));
      }
      return new Settings(value(secret, "topic"), value(secret, "group.prefix"), props);
    }
  }

  private static String value(Secret secret, String key) {
    String encoded = secret.getData().get(key);
    if (encoded == null) {
      throw new IllegalArgumentException("Secret " + secret.getMetadata().getName() + " has no key " + key);
    }
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }
}
