package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  // System.nanoTime() may start anywhere, negative values included
  private final AtomicLong now = new AtomicLong(-5_000_000_000L);
  private final LoginThrottle throttle =
      new LoginThrottle(new LoginThrottle.Limits(3, 5, Duration.ofSeconds(60), 4), now::get);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void locksOutAClientAndUserAfterTooManyWrongPasswordsForOneWindow() {
    throttle.failed("10.0.0.1", "team-a.orders", "pw-1");
    throttle.failed("10.0.0.1", "team-a.orders", "pw-2");
    assertThatCode(() -> throttle.check("10.0.0.1", "team-a.orders")).doesNotThrowAnyException();
    throttle.failed("10.0.0.1", "team-a.orders", "pw-3");
    assertThatThrownBy(() -> throttle.check("10.0.0.1", "team-a.orders"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.retryAfterSeconds()).isEqualTo(60);
            });
    // the same user from elsewhere, and another user from here, still get to try
    assertThatCode(() -> throttle.check("10.0.0.2", "team-a.orders")).doesNotThrowAnyException();
    assertThatCode(() -> throttle.check("10.0.0.1", "team-b.events")).doesNotThrowAnyException();
    advance(Duration.ofSeconds(45));
    assertThatThrownBy(() -> throttle.check("10.0.0.1", "team-a.orders"))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(15));
    advance(Duration.ofSeconds(15));
    assertThatCode(() -> throttle.check("10.0.0.1", "team-a.orders")).doesNotThrowAnyException();
  }

  @Test
  void failuresSpreadOverWindowsDoNotAddUp() {
    throttle.failed("10.0.0.1", "u", "pw-4");
    throttle.failed("10.0.0.1", "u", "pw-5");
    advance(Duration.ofSeconds(61));
    throttle.failed("10.0.0.1", "u", "pw-6");
    throttle.failed("10.0.0.1", "u", "pw-7");
    assertThatCode(() -> throttle.check("10.0.0.1", "u")).doesNotThrowAnyException();
  }

  @Test
  void theSameWrongPasswordAgainIsNotAnotherGuess() {
    // the SDK sends a refused request six times in all; each is a refused login of this client all
    // the same
    LoginThrottle sdkSized =
        new LoginThrottle(new LoginThrottle.Limits(3, 10, Duration.ofSeconds(60), 4), now::get);
    for (int i = 0; i < 6; i++) {
      sdkSized.failed("10.0.0.1", "u", "same-wrong");
    }
    assertThatCode(() -> sdkSized.check("10.0.0.1", "u")).doesNotThrowAnyException();
    for (int i = 0; i < 4; i++) {
      sdkSized.failed("10.0.0.1", "u", "same-wrong");
    }
    assertThatThrownBy(() -> sdkSized.check("10.0.0.1", "other"))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void aSuccessfulLoginForgetsTheTypos() {
    throttle.failed("10.0.0.1", "u", "pw-8");
    throttle.failed("10.0.0.1", "u", "pw-9");
    throttle.succeeded("10.0.0.1", "u");
    throttle.failed("10.0.0.1", "u", "pw-10");
    assertThatCode(() -> throttle.check("10.0.0.1", "u")).doesNotThrowAnyException();
  }

  @Test
  void aClientGuessingManyUsernamesIsLockedOutForAll() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("10.0.0.9", "user-" + i, "pw-11");
    }
    assertThatThrownBy(() -> throttle.check("10.0.0.9", "someone-new"))
        .isInstanceOf(GatewayException.class);
    assertThatCode(() -> throttle.check("10.0.0.8", "someone-new")).doesNotThrowAnyException();
  }

  @Test
  void remembersABoundedNumberOfKeys() {
    for (int i = 0; i < 100; i++) {
      throttle.failed("10.0.1." + i, "u".repeat(10_000), "pw-12");
    }
    assertThat(throttle.tracked()).isEqualTo(4);
  }
}
