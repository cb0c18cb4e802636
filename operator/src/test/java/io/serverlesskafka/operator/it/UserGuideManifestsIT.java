package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.serverlesskafka.localkube.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Kubernetes manifest in docs/user-guide, docs/autoscaler.md and docs/api-reference.md is
 * accepted by the API server as written (server-side dry run).
 */
class UserGuideManifestsIT {
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
  static TestEnvironment env;
  static Kubectl kubectl;

  @BeforeAll
  static void namespaces() {
    env = TestEnvironment.get();
    kubectl = env.kubectl;
    for (String ns : List.of("team-a", "kafka")) {
      env.client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
    // no KEDA CRDs here: the guides show what users write, never the ScaledObjects the operator
    // writes, and
    // ConsumerScalingIT needs an API server without KEDA first
  }

  private static List<String> manifests() throws IOException {
    Path docs = Path.of("..", "docs");
    List<String> result = new ArrayList<>();
    try (Stream<Path> guide = Files.list(docs.resolve("user-guide"))) {
      List<Path> files =
          Stream.concat(
                  guide.filter(f -> f.toString().endsWith(".md")).sorted(),
                  Stream.of(docs.resolve("autoscaler.md"), docs.resolve("api-reference.md")))
              .toList();
      for (Path file : files) {
        Matcher m = YAML_BLOCK.matcher(Files.readString(file));
        while (m.find()) {
          if (m.group(1).contains("apiVersion:")) {
            result.add(file.getFileName() + "\n" + m.group(1));
          }
        }
      }
    }
    return result;
  }

  @Test
  void everyManifestInTheUserGuideApplies() throws IOException {
    List<String> manifests = manifests();
    assertThat(manifests).hasSizeGreaterThanOrEqualTo(3);
    for (String manifest : manifests) {
      String file = manifest.substring(0, manifest.indexOf('\n'));
      String yaml = manifest.substring(manifest.indexOf('\n') + 1);
      var result = kubectl.run(yaml, "apply", "--dry-run=server", "-f", "-");
      assertThat(result.exitCode()).as(file + ":\n" + yaml + "\n" + result.output()).isZero();
    }
  }
}
