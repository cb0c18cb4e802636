package io.serverlesskafka.operator.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayScraperTest {
  @Test
  void readsEveryReadyEndpointOnceAtTheHttpPort() {
    EndpointSlice v4 =
        new EndpointSliceBuilder()
            .withAddressType("IPv4")
            .addNewPort()
            .withName("http")
            .withPort(8082)
            .endPort()
            .addNewEndpoint()
            .withAddresses("10.0.0.5")
            .withNewConditions()
            .withReady(true)
            .endConditions()
            .endEndpoint()
            .addNewEndpoint()
            .withAddresses("10.0.0.6")
            .withNewConditions()
            .withReady(false)
            .withTerminating(true)
            .endConditions()
            .endEndpoint()
            .addNewEndpoint()
            .withAddresses("10.0.0.7")
            .endEndpoint()
            .build();
    EndpointSlice v6 =
        new EndpointSliceBuilder()
            .withAddressType("IPv6")
            .addNewPort()
            .withName("http")
            .withPort(8082)
            .endPort()
            .addNewEndpoint()
            .withAddresses("fd00::5")
            .withNewConditions()
            .withReady(true)
            .endConditions()
            .endEndpoint()
            .build();
    EndpointSlice empty = new EndpointSliceBuilder().withAddressType("IPv4").build();

    assertThat(GatewayScraper.urls(List.of(v4, v6, empty)))
        .containsExactly(
            "http://10.0.0.5:8082/metrics",
            "http://10.0.0.7:8082/metrics",
            "http://[fd00::5]:8082/metrics");
  }
}
