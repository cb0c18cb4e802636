package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The cache's bounds; no Kafka needed, since a credential's clients are only made when a request
 * uses them.
 */
class ClientCacheTest {

  private final GatewayConfig config =
      GatewayConfig.defaults(ClientSettings.of("127.0.0.1:1"))
          .withLimits(2, Duration.ofMinutes(10), Duration.ofMinutes(5));

  @Test
  void keepsAtMostMaxCredentialsAndDropsTheLeastRecentlyUsed() throws Exception {
    try (ClientCache cache = new ClientCache(config)) {
      Credentials a = new Credentials("a", "pa");
      Credentials b = new Credentials("b", "pb");
      Credentials c = new Credentials("c", "pc");
      TenantClients first = cache.get(cache.keyOf(a), a);
      Thread.sleep(2);
      cache.get(cache.keyOf(b), b);
      Thread.sleep(2);
      cache.get(cache.keyOf(a), a);
      Thread.sleep(2);
      cache.get(cache.keyOf(c), c);
      assertThat(cache.size()).isEqualTo(2);
      assertThat(cache.get(cache.keyOf(a), a)).as("a was used after b, so b went").isSameAs(first);
    }
  }

  @Test
  void oneUsernameWithTwoPasswordsGetsTwoSetsOfClients() {
    try (ClientCache cache = new ClientCache(config)) {
      Credentials right = new Credentials("team-a.orders", "right");
      Credentials wrong = new Credentials("team-a.orders", "wrong");
      assertThat(cache.keyOf(right)).isNotEqualTo(cache.keyOf(wrong));
      assertThat(cache.get(cache.keyOf(right), right))
          .isNotSameAs(cache.get(cache.keyOf(wrong), wrong));
      cache.evict(cache.keyOf(wrong));
      assertThat(cache.size()).isEqualTo(1);
    }
  }
}
