package io.serverlesskafka.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Strimzi CRDs the build generated and CrdInstaller installs have the shape of Strimzi's
 * released ones: kafka.strimzi.io/v1 only, status subresource, KafkaNodePool's scale subresource,
 * Strimzi's short names and labels, and a closed schema (no open spec or status, as the stubs they
 * replaced had).
 */
class StrimziCrdsTest {
  private static final Map<String, String> SHORT_NAMES =
      Map.of("Kafka", "k", "KafkaNodePool", "knp", "KafkaTopic", "kt", "KafkaUser", "ku");

  @Test
  void theInstalledStrimziCrdsAreStrimzisOwn() throws IOException {
    Map<String, CustomResourceDefinition> byKind =
        CrdInstaller.STRIMZI_CRDS.stream()
            .map(StrimziCrdsTest::load)
            .collect(Collectors.toMap(c -> c.getSpec().getNames().getKind(), c -> c));
    assertThat(byKind).containsOnlyKeys(SHORT_NAMES.keySet());
    byKind.forEach(
        (kind, crd) -> {
          assertThat(crd.getSpec().getGroup()).isEqualTo("kafka.strimzi.io");
          assertThat(crd.getMetadata().getLabels())
              .containsEntry("app", "strimzi")
              .containsEntry("strimzi.io/crd-install", "true");
          assertThat(crd.getSpec().getNames().getShortNames())
              .as(kind)
              .containsExactly(SHORT_NAMES.get(kind));
          assertThat(crd.getSpec().getNames().getCategories()).containsExactly("strimzi");
          CustomResourceDefinitionVersion v1 = crd.getSpec().getVersions().get(0);
          assertThat(crd.getSpec().getVersions())
              .singleElement()
              .satisfies(
                  v ->
                      assertThat(List.of(v.getName(), v.getServed(), v.getStorage()))
                          .containsExactly("v1", true, true));
          assertThat(v1.getSubresources().getStatus()).as(kind + " status subresource").isNotNull();
          assertThat(v1.getAdditionalPrinterColumns())
              .as(kind)
              .extracting(c -> c.getName())
              .contains(kind.equals("KafkaNodePool") ? "Desired replicas" : "Ready");
          var properties = v1.getSchema().getOpenAPIV3Schema().getProperties();
          for (String part : List.of("spec", "status")) {
            assertThat(properties.get(part).getXKubernetesPreserveUnknownFields())
                .as(kind + "." + part + " is closed")
                .isNotEqualTo(true);
            assertThat(properties.get(part).getProperties()).as(kind + "." + part).isNotEmpty();
          }
        });
    var scale =
        byKind.get("KafkaNodePool").getSpec().getVersions().get(0).getSubresources().getScale();
    assertThat(
            List.of(
                scale.getSpecReplicasPath(),
                scale.getStatusReplicasPath(),
                scale.getLabelSelectorPath()))
        .containsExactly(".spec.replicas", ".status.replicas", ".status.labelSelector");
  }

  private static CustomResourceDefinition load(String resource) {
    try (InputStream in = StrimziCrdsTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the classpath").isNotNull();
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
