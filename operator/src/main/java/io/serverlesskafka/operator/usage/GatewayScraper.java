package io.serverlesskafka.operator.usage;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.operator.model.GatewayModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code /metrics} of every ready process behind a cluster's gateway Service: the addresses
 * come from the Service's EndpointSlices (label {@code kubernetes.io/service-name}), so each
 * replica is read once, not whichever one the Service would pick.
 *
 * <p>A Service without any ready address but with an announced URL ({@link
 * GatewayModel#ANNOTATION_URL}) is read at that URL: that is the local cluster, whose gateway is a
 * process on a loopback port, which EndpointSlices cannot hold (the API server refuses loopback
 * addresses). In a Kubernetes cluster no ready address means no gateway pod is running, and the
 * announced URL answers nothing or a page that is not a gateway's, which is skipped.
 */
public final class GatewayScraper {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayScraper.class);
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final KubernetesClient client;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  public GatewayScraper(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @return the processes read; null when the cluster runs no gateway or none could be read (then
   *     nothing is added, and nothing forgotten)
   */
  public List<GatewayScrape> scrape(ServerlessKafka cluster) {
    GatewayModel model = new GatewayModel(cluster);
    if (!model.enabled()) {
      return null;
    }
    Set<String> urls =
        urls(
            client
                .discovery()
                .v1()
                .endpointSlices()
                .inNamespace(cluster.getMetadata().getNamespace())
                .withLabel(SERVICE_NAME_LABEL, model.name())
                .list()
                .getItems());
    if (urls.isEmpty()) {
      Service service =
          client
              .services()
              .inNamespace(cluster.getMetadata().getNamespace())
              .withName(model.name())
              .get();
      String announced =
          service == null || service.getMetadata().getAnnotations() == null
              ? null
              : service.getMetadata().getAnnotations().get(GatewayModel.ANNOTATION_URL);
      if (announced != null && !announced.isBlank()) {
        urls.add(announced.replaceAll("/+$", "") + "/metrics");
      }
    }
    List<GatewayScrape> scrapes = new ArrayList<>();
    for (String url : urls) {
      GatewayScrape scrape = read(url);
      if (scrape != null) {
        scrapes.add(scrape);
      }
    }
    return scrapes.isEmpty() ? null : scrapes;
  }

  /** The /metrics URL of every ready endpoint, at the slice's "http" port (or its only one). */
  static Set<String> urls(List<EndpointSlice> slices) {
    Set<String> urls = new LinkedHashSet<>();
    for (EndpointSlice slice : slices) {
      int port = port(slice);
      for (Endpoint endpoint :
          slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
        boolean ready =
            endpoint.getConditions() == null
                || endpoint.getConditions().getReady() == null
                || endpoint.getConditions().getReady();
        if (!ready || endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
          continue;
        }
        String address = endpoint.getAddresses().get(0);
        String host = address.contains(":") ? "[" + address + "]" : address;
        urls.add("http://" + host + ":" + port + "/metrics");
      }
    }
    return urls;
  }

  private static int port(EndpointSlice slice) {
    if (slice.getPorts() != null) {
      for (EndpointPort p : slice.getPorts()) {
        if (p.getPort() != null && ("http".equals(p.getName()) || slice.getPorts().size() == 1)) {
          return p.getPort();
        }
      }
    }
    return GatewayModel.PORT;
  }

  private GatewayScrape read(String url) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        LOG.warn("gateway metrics at {}: HTTP {}", url, response.statusCode());
        return null;
      }
      GatewayScrape scrape = GatewayScrape.parse(response.body());
      if (scrape == null) {
        LOG.warn("gateway metrics at {}: not a gateway's (no {})", url, GatewayScrape.INFO);
      }
      return scrape;
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("gateway metrics at {} not read: {}", url, e.toString());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
