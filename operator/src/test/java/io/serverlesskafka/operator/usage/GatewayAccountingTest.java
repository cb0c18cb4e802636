package io.serverlesskafka.operator.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.serverlesskafka.api.v1alpha1.Pricing;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaSpec;
import io.serverlesskafka.api.v1alpha1.TopicUsage;
import io.serverlesskafka.operator.model.ClusterSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayAccountingTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String USER = "team-a.orders";

  private static ClusterSettings prices(Double per100kRequests) {
    Pricing p = new Pricing();
    p.setPer100kRequests(per100kRequests);
    ServerlessKafkaSpec spec = new ServerlessKafkaSpec();
    spec.setPricing(p);
    return ClusterSettings.of(spec);
  }

  private static GatewayScrape scrape(String instance, long requests, long in, long out) {
    return new GatewayScrape(instance, Map.of(USER, new GatewayScrape.Counts(requests, in, out)));
  }

  /** One metering pass: the other counters' accounting is not this test's business. */
  private static TopicUsage pass(
      TopicUsage previous, Instant at, ClusterSettings prices, GatewayScrape... scrapes) {
    TopicUsage usage = new TopicUsage();
    usage.setCost(previous == null ? 0.0 : previous.getCost());
    return GatewayAccounting.add(
        usage, previous, scrapes.length == 0 ? null : List.of(scrapes), USER, at, prices);
  }

  @Test
  void requestsArePricedPer100kAtTheClustersPrice() {
    assertThat(GatewayAccounting.requestCost(250_000, prices(0.6))).isCloseTo(1.5, within(1e-12));
    assertThat(GatewayAccounting.requestCost(1, prices(0.6))).isCloseTo(0.000006, within(1e-15));
    assertThat(GatewayAccounting.requestCost(1_000_000, prices(null))).isZero();
  }

  @Test
  void addsTheIncreaseOfEveryInstanceSinceItWasLastRead() {
    TopicUsage u1 = pass(null, T0, prices(0.6), scrape("a", 100, 1000, 50), scrape("b", 20, 20, 0));
    assertThat(u1.getGatewayRequests()).isEqualTo(120);
    assertThat(u1.getGatewayRecordsIn()).isEqualTo(1020);
    assertThat(u1.getGatewayRecordsOut()).isEqualTo(50);
    assertThat(u1.getCost()).isCloseTo(120 * 0.6 / 100_000, within(1e-12));

    TopicUsage u2 =
        pass(
            u1,
            T0.plusSeconds(60),
            prices(0.6),
            scrape("a", 150, 1500, 50),
            scrape("b", 20, 20, 7));
    assertThat(u2.getGatewayRequests()).isEqualTo(170);
    assertThat(u2.getGatewayRecordsIn()).isEqualTo(1520);
    assertThat(u2.getGatewayRecordsOut()).isEqualTo(57);
    assertThat(u2.getCost()).isCloseTo(170 * 0.6 / 100_000, within(1e-12));
  }

  @Test
  void aRestartedGatewayIsANewInstanceCountedFromZero() {
    TopicUsage u1 = pass(null, T0, prices(0.6), scrape("a", 100, 100, 0));
    // "a" ended after 10 more requests that were never read; "c" is its successor
    TopicUsage u2 = pass(u1, T0.plusSeconds(60), prices(0.6), scrape("c", 3, 3, 0));
    assertThat(u2.getGatewayRequests()).isEqualTo(103);
    // "a" is remembered for a while, in case it was only not read this time
    assertThat(u2.getGatewayInstances()).containsKeys("a", "c");
    TopicUsage u3 =
        pass(u2, T0.plusSeconds(120), prices(0.6), scrape("a", 110, 110, 0), scrape("c", 3, 3, 0));
    assertThat(u3.getGatewayRequests()).isEqualTo(113);
    // a day later it is forgotten
    TopicUsage u4 =
        pass(
            u3,
            T0.plusSeconds(120).plus(GatewayAccounting.FORGET_AFTER).plusSeconds(1),
            prices(0.6),
            scrape("c", 3, 3, 0));
    assertThat(u4.getGatewayInstances()).containsOnlyKeys("c");
    assertThat(u4.getGatewayRequests()).isEqualTo(113);
  }

  @Test
  void aCounterBelowItsLastValueIsAResetAsInPrometheusIncrease() {
    assertThat(GatewayAccounting.increase(5, 100L)).isEqualTo(5);
    assertThat(GatewayAccounting.increase(150, 100L)).isEqualTo(50);
    assertThat(GatewayAccounting.increase(7, null)).isEqualTo(7);
  }

  @Test
  void nothingReadAddsNothingAndForgetsNothing() {
    TopicUsage u1 = pass(null, T0, prices(0.6), scrape("a", 10, 10, 0));
    TopicUsage u2 = pass(u1, T0.plusSeconds(60), prices(0.6));
    assertThat(u2.getGatewayRequests()).isEqualTo(10);
    assertThat(u2.getGatewayInstances()).containsOnlyKeys("a");
    TopicUsage u3 = pass(u2, T0.plusSeconds(120), prices(0.6), scrape("a", 12, 12, 0));
    assertThat(u3.getGatewayRequests()).isEqualTo(12);
  }

  @Test
  void aClusterWithoutGatewayLeavesTheFieldsOut() {
    TopicUsage u = pass(null, T0, prices(0.6));
    assertThat(u.getGatewayRequests()).isNull();
    assertThat(u.getGatewayInstances()).isNull();
    // an instance that never served this credential is not remembered for it
    TopicUsage other =
        GatewayAccounting.add(
            new TopicUsage(),
            null,
            List.of(
                new GatewayScrape("a", Map.of("someone-else", new GatewayScrape.Counts(5, 5, 5)))),
            USER,
            T0,
            prices(0.6));
    assertThat(other.getGatewayRequests()).isZero();
    assertThat(other.getGatewayInstances()).isNull();
  }

  @Test
  void readsTheGatewaysPrometheusText() {
    // As the gateway's Prometheus client writes it (labels in name order, values as doubles).
    String text =
        """
        # HELP serverless_kafka_gateway_info This gateway process
        # TYPE serverless_kafka_gateway_info gauge
        serverless_kafka_gateway_info{instance="0a1b2c3d4e5f6071",start_time_seconds="1764900000"} 1
        # TYPE serverless_kafka_gateway_requests_total counter
        serverless_kafka_gateway_requests_total{route="fetch",user="team-a.orders"} 3.0
        serverless_kafka_gateway_requests_total{route="produce",user="team-a.orders"} 12.0
        serverless_kafka_gateway_requests_total{route="topics",user="we\\"ird,x=\\"y"} 1.0
        serverless_kafka_gateway_records_total{direction="in",topic="team-a.orders",user="team-a.orders"} 40.0
        serverless_kafka_gateway_records_total{direction="out",topic="team-a.orders",user="team-a.orders"} 9.0
        other_metric{user="team-a.orders"} 99
        """;
    GatewayScrape scrape = GatewayScrape.parse(text);
    assertThat(scrape.instance()).isEqualTo("0a1b2c3d4e5f6071");
    assertThat(scrape.of("team-a.orders")).isEqualTo(new GatewayScrape.Counts(15, 40, 9));
    assertThat(scrape.of("we\"ird,x=\"y")).isEqualTo(new GatewayScrape.Counts(1, 0, 0));
    assertThat(scrape.of("nobody")).isEqualTo(new GatewayScrape.Counts(0, 0, 0));
    assertThat(GatewayScrape.parse("some_metric 1\n")).isNull();
  }
}
