package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyCacheTest {

  private final IdempotencyCache cache = new IdempotencyCache(Duration.ofMinutes(1), 100);
  private final AtomicInteger produced = new AtomicInteger();

  private IdempotencyCache.Answer produce() {
    return new IdempotencyCache.Answer(200, ("offset " + produced.getAndIncrement()).getBytes());
  }

  @Test
  void aRetryGetsTheFirstAnswer() {
    byte[] body = "{\"value\":1}".getBytes();
    IdempotencyCache.Answer first =
        cache.answer("user-a", "k1", "POST /produce", body, this::produce);
    IdempotencyCache.Answer retry =
        cache.answer("user-a", "k1", "POST /produce", body, this::produce);
    assertThat(retry).isSameAs(first);
    assertThat(produced).hasValue(1);
  }

  @Test
  void keysAreScopedToTheCredentialAndRoute() {
    byte[] body = "{}".getBytes();
    cache.answer("user-a", "k1", "POST /produce", body, this::produce);
    cache.answer("user-b", "k1", "POST /produce", body, this::produce);
    cache.answer("user-a", "k1", "POST /produce/t", body, this::produce);
    assertThat(produced).hasValue(3);
  }

  @Test
  void aFailedAttemptIsForgottenAndADifferentBodyIsRefused() {
    byte[] body = "{}".getBytes();
    assertThatThrownBy(
            () ->
                cache.answer(
                    "u",
                    "k",
                    "r",
                    body,
                    () -> {
                      throw new GatewayException(503, "brokers away");
                    }))
        .hasMessage("brokers away");
    cache.answer("u", "k", "r", body, this::produce);
    assertThat(produced).hasValue(1);
    assertThatThrownBy(() -> cache.answer("u", "k", "r", "{\"x\":1}".getBytes(), this::produce))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(422));
  }

  @Test
  void staysBounded() {
    for (int i = 0; i < 500; i++) {
      cache.answer("u", "k" + i, "r", new byte[0], this::produce);
    }
    assertThat(cache.size()).isLessThanOrEqualTo(101);
  }
}
