package io.serverlesskafka.devcluster.strimzi;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The Secret Strimzi's user operator writes for a SCRAM user: same name as the user, password and
 * JAAS config.
 */
final class UserSecrets {
  private UserSecrets() {}

  static Optional<String> password(KubernetesClient client, String namespace, String user) {
    Secret s = client.secrets().inNamespace(namespace).withName(user).get();
    if (s == null || s.getData() == null || s.getData().get("password") == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(
            Base64.getDecoder().decode(s.getData().get("password")), StandardCharsets.UTF_8));
  }

  static void write(
      KubernetesClient client,
      String namespace,
      String cluster,
      String user,
      String password,
      OwnerReference owner) {
    String jaas =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";";
    SecretBuilder secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(user)
            .withNamespace(namespace)
            .addToLabels("strimzi.io/kind", "KafkaUser")
            .addToLabels("strimzi.io/cluster", cluster)
            .addToLabels("app.kubernetes.io/managed-by", "strimzi-user-operator")
            .endMetadata()
            .addToData("password", ClusterRealizer.b64(password))
            .addToData("sasl.jaas.config", ClusterRealizer.b64(jaas));
    if (owner != null) {
      secret.editMetadata().addToOwnerReferences(owner).endMetadata();
    }
    client.secrets().inNamespace(namespace).resource(secret.build()).serverSideApply();
  }

  static void delete(KubernetesClient client, String namespace, String user) {
    client.secrets().inNamespace(namespace).withName(user).delete();
  }
}
