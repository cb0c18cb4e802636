package io.serverlesskafka.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.operator.status.ConditionReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterResolverTest {
  private static ServerlessKafka cluster(String ns, String name, boolean isDefault) {
    ServerlessKafka k = new ServerlessKafka();
    k.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name)
        .withAnnotations(isDefault ? Map.of("serverlesskafka.io/default-cluster", "true") : Map.of()).build());
    return k;
  }

  @Test
  void resolvesQualifiedAndBareNames() {
    var all = List.of(cluster("kafka", "shared", false), cluster("other", "big", false));
    assertThat(ClusterResolver.resolve("kafka/shared", all).cluster().getMetadata().getName()).isEqualTo("shared");
    assertThat(ClusterResolver.resolve("big", all).cluster().getMetadata().getNamespace()).isEqualTo("other");
  }

  @Test
  void bareNameInTwoNamespacesIsAmbiguous() {
    var all = List.of(cluster("a", "shared", false), cluster("b", "shared", false));
    var r = ClusterResolver.resolve("shared", all);
    assertThat(r.problem()).isEqualTo(ConditionReason.ClusterAmbiguous);
    assertThat(r.message()).contains("a/shared", "b/shared");
  }

  @Test
  void absentReferenceUsesTheAnnotatedDefaultOrTheOnlyCluster() {
    assertThat(ClusterResolver.resolve(null, List.of(cluster("k", "only", false))).found()).isTrue();
    var two = List.of(cluster("k", "one", false), cluster("k", "two", true));
    assertThat(ClusterResolver.resolve(null, two).cluster().getMetadata().getName()).isEqualTo("two");
    var none = ClusterResolver.resolve(null, List.of(cluster("k", "one", false), cluster("k", "two", false)));
    assertThat(none.problem()).isEqualTo(ConditionReason.ClusterNotFound);
    assertThat(none.message()).contains("serverlesskafka.io/default-cluster");
  }

  @Test
  void missingClusterListsTheKnownOnes() {
    var r = ClusterResolver.resolve("kafka/nope", List.of(cluster("kafka", "shared", false)));
    assertThat(r.problem()).isEqualTo(ConditionReason.ClusterNotFound);
    assertThat(r.message()).contains("kafka/nope", "kafka/shared");
  }
}
