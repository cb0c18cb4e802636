package io.serverlesskafka.devcluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Options shared by produce and consume: which topic, and Kafka client settings read from its
 * Secret.
 */
final class TopicClientSettings {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(index = "0", description = "ServerlessTopic name.")
  String topic;

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace of the ServerlessTopic (default: ${DEFAULT-VALUE}).")
  String namespace = "default";

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig (default: $KUBECONFIG, else .dev/kubeconfig).")
  Path kubeconfig;

  record Settings(String kafkaTopic, String groupPrefix, Map<String, Object> clientProperties) {}

  /**
   * Reads the topic's Secret; a missing kubeconfig, Secret or key is a usage error (exit code 2).
   */
  Settings load() throws IOException {
    try {
      return read();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      throw new ParameterException(
          spec.commandLine(),
          "cannot read Secret "
              + namespace
              + "/"
              + topic
              + "-kafka: "
              + (e.getCause() instanceof IOException
                  ? "the cluster does not answer (is bin/dev running?)"
                  : e.getMessage()));
    }
  }

  private Settings read() throws IOException {
    Path file =
        kubeconfig != null
            ? kubeconfig
            : System.getenv("KUBECONFIG") != null
                ? Path.of(System.getenv("KUBECONFIG"))
                : Path.of(".dev", "kubeconfig");
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("kubeconfig " + file + " not found: is bin/dev running?");
    }
    Config config = Config.fromKubeconfig(Files.readString(file));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      Secret secret = client.secrets().inNamespace(namespace).withName(topic + "-kafka").get();
      if (secret == null) {
        throw new IllegalArgumentException(
            "Secret "
                + namespace
                + "/"
                + topic
                + "-kafka not found: is ServerlessTopic "
                + namespace
                + "/"
                + topic
                + " Ready? (kubectl get stopic -n "
                + namespace
                + ")");
      }
      return new Settings(
          value(secret, "topic"),
          value(secret, "group.prefix"),
          clientProperties(value(secret, "client.properties")));
    }
  }

  /**
   * The Secret's {@code client.properties}, read as Kafka's console tools read a {@code
   * --producer.config} file: what works here works for a user who extracts the same file (TLS trust
   * included).
   */
  static Map<String, Object> clientProperties(String file) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(file));
    Map<String, Object> props = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> props.put(k, properties.getProperty(k)));
    return props;
  }

  private static String value(Secret secret, String key) {
    String encoded = secret.getData().get(key);
    if (encoded == null) {
      throw new IllegalArgumentException(
          "Secret " + secret.getMetadata().getName() + " has no key " + key);
    }
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }
}
