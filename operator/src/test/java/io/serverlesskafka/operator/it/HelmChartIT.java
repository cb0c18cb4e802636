package io.serverlesskafka.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.localkube.Kubectl;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart lints, renders what the operator needs, and installs into a real API server. */
class HelmChartIT {
  static final Path CHART =
      Path.of(System.getProperty("project.root", ".."), "helm", "serverless-kafka");
  static TestEnvironment env;
  static KubernetesClient client;

  @BeforeAll
  static void setUp() {
    env = TestEnvironment.get();
    client = env.client;
  }

  @Test
  void chartLintsClean() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void templateRendersOperatorWithRbacAndSettings() {
    String manifests =
        new Helm(CHART)
            .template()
            .withName("skafka")
            .withNamespace("kafka-system")
            .set("watchNamespaces[0]", "team-a")
            .set("watchNamespaces[1]", "team-b")
            .set("leaderElection.enabled", "true")
            .set("replicas", "2")
            .call();
    assertThat(manifests)
        .contains(
            "kind: Deployment",
            "kind: ServiceAccount",
            "kind: ClusterRole",
            "kind: ClusterRoleBinding")
        .contains("resources: [leases]")
        .contains("value: \"team-a,team-b\"")
        .contains("name: LEADER_ELECTION_ENABLED")
        .contains("resources: [kafkas, kafkanodepools]", "resources: [kafkatopics, kafkausers]")
        .contains(
            "kind: ValidatingAdmissionPolicy",
            "name: serverlesskafka-deletion-guard",
            "name: serverlesskafka-namespace-deletion-guard");
    String withoutGuard =
        new Helm(CHART).template().withName("skafka").set("deletionGuard.enabled", "false").call();
    assertThat(withoutGuard).doesNotContain("ValidatingAdmissionPolicy");
  }

  @Test
  void moreThanOneReplicaWithoutLeaderElectionIsRefused() {
    assertThatThrownBy(
            () -> new Helm(CHART).template().withName("skafka").set("replicas", "2").call())
        .hasMessageContaining("leaderElection.enabled=true");
  }

  @Test
  void installsIntoTheApiServerWithADefaultCluster() throws Exception {
    String ns = env.newNamespace("helm");
    new Helm(CHART)
        .install()
        .withName("skafka")
        .withNamespace(ns)
        .withKubeConfig(env.kubeconfig)
        .set("defaultCluster.enabled", "true")
        .set("defaultCluster.name", "helm-shared")
        .set(
            "deletionGuard.enabled",
            "false") // the test cluster has it already, from the same file (CrdInstaller)
        .set("clusterNamespaces[0]", ns)
        .call();
    assertThat(
            client.apps().deployments().inNamespace(ns).withName("skafka-serverless-kafka").get())
        .isNotNull();
    assertThat(client.serviceAccounts().inNamespace(ns).withName("skafka-serverless-kafka").get())
        .isNotNull();
    assertThat(client.rbac().clusterRoles().withName("skafka-serverless-kafka").get().getRules())
        .isNotEmpty();
    assertThat(client.rbac().clusterRoleBindings().withName("skafka-serverless-kafka").get())
        .isNotNull();
    assertThat(client.services().inNamespace(ns).withName("skafka-serverless-kafka-metrics").get())
        .isNotNull();
    ServerlessKafka cluster =
        client.resources(ServerlessKafka.class).inNamespace(ns).withName("helm-shared").get();
    assertThat(cluster.getMetadata().getAnnotations())
        .containsEntry("serverlesskafka.io/default-cluster", "true");
    assertThat(cluster.getSpec().getBrokers().getMin()).isEqualTo(3);

    // RBAC is enforced by this API server: the operator's account may do its job and nothing more.
    Kubectl kubectl = env.kubectl;
    String sa = "--as=system:serviceaccount:" + ns + ":skafka-serverless-kafka";
    assertThat(
            kubectl
                .run(
                    null,
                    "auth",
                    "can-i",
                    "patch",
                    "kafkanodepools.kafka.strimzi.io",
                    "-n",
                    "any",
                    sa)
                .output())
        .startsWith("yes");
    assertThat(
            kubectl
                .run(
                    null,
                    "auth",
                    "can-i",
                    "patch",
                    "serverlesstopics.serverlesskafka.io",
                    "--subresource=status",
                    "-n",
                    "any",
                    sa)
                .output())
        .startsWith("yes");
    assertThat(kubectl.run(null, "auth", "can-i", "create", "secrets", "-n", "team-a", sa).output())
        .startsWith("yes");
    for (String verb : new String[] {"get", "create", "patch", "delete"}) {
      assertThat(kubectl.run(null, "auth", "can-i", verb, "configmaps", "-n", ns, sa).output())
          .as(verb)
          .startsWith("yes");
    }
    assertThat(kubectl.run(null, "auth", "can-i", "delete", "pods", "-n", "team-a", sa).output())
        .startsWith("no");
    // Secrets are read only where clusters live (clusterNamespaces), never cluster-wide
    assertThat(kubectl.run(null, "auth", "can-i", "watch", "secrets", "-n", ns, sa).output())
        .startsWith("yes");
    assertThat(kubectl.run(null, "auth", "can-i", "get", "secrets", "-n", "team-a", sa).output())
        .startsWith("no");
    assertThat(
            kubectl.run(null, "auth", "can-i", "list", "secrets", "--all-namespaces", sa).output())
        .startsWith("no");
    assertThat(
            kubectl.run(null, "auth", "can-i", "create", "configmaps", "-n", "team-a", sa).output())
        .startsWith("no");
    assertThat(
            kubectl
                .run(
                    null,
                    "auth",
                    "can-i",
                    "delete",
                    "serverlesstopics.serverlesskafka.io",
                    "-n",
                    "team-a",
                    sa)
                .output())
        .startsWith("no");
  }
}
