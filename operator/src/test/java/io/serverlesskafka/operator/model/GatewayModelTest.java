package io.serverlesskafka.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.serverlesskafka.api.v1alpha1.RestReplicas;
import io.serverlesskafka.api.v1alpha1.RestSettings;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaSpec;
import org.junit.jupiter.api.Test;

class GatewayModelTest {
  private static ServerlessKafka cluster(RestSettings rest) {
    ServerlessKafka k = new ServerlessKafka();
    k.setMetadata(
        new ObjectMetaBuilder().withName("shared").withNamespace("kafka").withUid("uid-k").build());
    k.setSpec(new ServerlessKafkaSpec());
    k.getSpec().setRest(rest);
    return k;
  }

  private static RestSettings rest(Integer min, Integer max) {
    RestSettings rest = new RestSettings();
    rest.setEnabled(true);
    RestReplicas replicas = new RestReplicas();
    replicas.setMin(min);
    replicas.setMax(max);
    rest.setReplicas(replicas);
    return rest;
  }

  @Test
  void isOffUnlessEnabled() {
    assertThat(new GatewayModel(cluster(null)).enabled()).isFalse();
    assertThat(new GatewayModel(cluster(new RestSettings())).enabled()).isFalse();
    assertThat(new GatewayModel(cluster(rest(null, null))).enabled()).isTrue();
  }

  @Test
  void runsTheGatewayAgainstThePlainListenerWithoutCredentialsOrCaMount() {
    Deployment d =
        new GatewayModel(cluster(rest(null, null)))
            .deployment("b:9092", ListenerSecurity.PLAINTEXT, null, "img:1");
    assertThat(d.getMetadata().getName()).isEqualTo("shared-rest");
    assertThat(d.getMetadata().getNamespace()).isEqualTo("kafka");
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry(ClusterOwnedMetadata.ANNOTATION_OWNER_UID, "uid-k");
    assertThat(d.getMetadata().getOwnerReferences()).isNullOrEmpty();
    var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("img:1");
    assertThat(container.getArgs())
        .containsExactly(
            "--bootstrap-servers",
            "b:9092",
            "--security-protocol",
            "SASL_PLAINTEXT",
            "--port",
            "8082");
    assertThat(container.getEnv()).isNullOrEmpty();
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getName())
        .containsExactly("tmp");
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .isEqualTo(new GatewayModel(cluster(rest(null, null))).service().getSpec().getSelector());
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
    // the HPA computes utilization against the CPU request
    assertThat(container.getResources().getRequests()).containsKey("cpu");
  }

  @Test
  void withTlsMountsOnlyTheClusterCaCertificate() {
    Deployment d =
        new GatewayModel(cluster(rest(null, null)))
            .deployment("b:9093", ListenerSecurity.TLS, null, "img:1");
    var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs())
        .containsSequence("--security-protocol", "SASL_SSL")
        .containsSequence("--truststore-pem", GatewayModel.CA_DIR + "/ca.crt");
    var ca =
        d.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("cluster-ca"))
            .findFirst()
            .orElseThrow();
    assertThat(ca.getSecret().getSecretName()).isEqualTo("shared-cluster-ca-cert");
    assertThat(ca.getSecret().getItems()).extracting(i -> i.getKey()).containsExactly("ca.crt");
  }

  @Test
  void keepsTheCurrentReplicasWithinMinAndMax() {
    GatewayModel model = new GatewayModel(cluster(rest(2, 5)));
    assertThat(model.deployment("b", ListenerSecurity.PLAINTEXT, null, "i").getSpec().getReplicas())
        .isEqualTo(2);
    assertThat(model.deployment("b", ListenerSecurity.PLAINTEXT, 4, "i").getSpec().getReplicas())
        .isEqualTo(4);
    assertThat(model.deployment("b", ListenerSecurity.PLAINTEXT, 1, "i").getSpec().getReplicas())
        .isEqualTo(2);
    assertThat(model.deployment("b", ListenerSecurity.PLAINTEXT, 9, "i").getSpec().getReplicas())
        .isEqualTo(5);
    HorizontalPodAutoscaler hpa = model.autoscaler();
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("shared-rest");
    assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
  }

  @Test
  void maxDefaultsToAtLeastMin() {
    assertThat(new GatewayModel(cluster(rest(5, null))).maxReplicas()).isEqualTo(5);
    assertThat(new GatewayModel(cluster(rest(null, null))).maxReplicas()).isEqualTo(3);
  }

  @Test
  void specImageAndResourcesWin() {
    RestSettings rest = rest(null, null);
    rest.setImage("registry.example/gw:2");
    rest.setResources(
        new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("1")).build());
    var container =
        new GatewayModel(cluster(rest))
            .deployment("b", ListenerSecurity.PLAINTEXT, null, "img:1")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(container.getImage()).isEqualTo("registry.example/gw:2");
    assertThat(container.getResources().getRequests().get("cpu")).isEqualTo(new Quantity("1"));
  }

  @Test
  void urlIsTheServiceDnsNameUnlessAnnounced() {
    Service service = new GatewayModel(cluster(rest(null, null))).service();
    assertThat(GatewayModel.url(service)).isEqualTo("http://shared-rest.kafka.svc:8082");
    service
        .getMetadata()
        .getAnnotations()
        .put(GatewayModel.ANNOTATION_URL, "http://127.0.0.1:40123");
    assertThat(GatewayModel.url(service)).isEqualTo("http://127.0.0.1:40123");
  }
}
