package io.serverlesskafka.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing. Every wrong password costs the brokers a SASL handshake (and the
 * gateway a set of Kafka clients), so after {@code perClientAndUser} different wrong passwords from
 * one client address for one username, or {@code perClient} refused logins from one address for any
 * usernames, within {@code window}, that key gets 429 with {@code Retry-After} for one window
 * instead of another try against Kafka. The same wrong password again is not another guess: the
 * {@code @upstash/kafka} SDK retries a refused request five times, and one typo must end in a 401,
 * not a lock-out. Only logins are throttled: the caller asks {@link #check} for credentials that
 * have no Kafka clients yet, so a tenant whose clients are open keeps working even when someone
 * else behind the same address (a NAT, a proxy) is locked out.
 *
 * <p>Memory is bounded: at most {@code maxTracked} keys are remembered, the least recently touched
 * forgotten first (an attacker with more addresses than that can make the gateway forget; Kafka's
 * own SCRAM handshake still refuses every guess).
 */
final class LoginThrottle {

  record Limits(int perClientAndUser, int perClient, Duration window, int maxTracked) {
    static final Limits DEFAULT = new Limits(5, 30, Duration.ofMinutes(1), 10_000);
  }

  private static final class Failures {
    long windowStart;
    int count;
    boolean blocked;
    String lastCredential; // the last refused credential's cache key (an HMAC, never the password)
    long blockedUntil; // System.nanoTime() may be negative: only meaningful while blocked
  }

  private final Limits limits;
  private final LongSupplier nanoTime;
  private final Map<String, Failures> failures;

  LoginThrottle(Limits limits, LongSupplier nanoTime) {
    this.limits = limits;
    this.nanoTime = nanoTime;
    this.failures =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > limits.maxTracked();
          }
        };
  }

  /** Throws 429 when the client or the client and user are locked out. */
  synchronized void check(String client, String user) {
    long now = nanoTime.getAsLong();
    long wait = Math.max(remaining(pairKey(client, user), now), remaining(clientKey(client), now));
    if (wait > 0) {
      long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
      throw GatewayException.tooManyRequests(
          "Too many failed logins from this client: try again in " + seconds + " s", seconds);
    }
  }

  /**
   * Kafka refused the credentials.
   *
   * @param credential the credential's cache key ({@link Credentials#cacheKey}): a repeat of the
   *     last refused one is not counted as another guess of the password
   */
  synchronized void failed(String client, String user, String credential) {
    long now = nanoTime.getAsLong();
    count(pairKey(client, user), limits.perClientAndUser(), now, credential);
    count(clientKey(client), limits.perClient(), now, null);
  }

  /** Kafka accepted the credentials: earlier typos of this user from this client are forgotten. */
  synchronized void succeeded(String client, String user) {
    failures.remove(pairKey(client, user));
  }

  synchronized int tracked() {
    return failures.size();
  }

  private long remaining(String key, long now) {
    Failures f = failures.get(key);
    return f == null || !f.blocked ? 0 : f.blockedUntil - now;
  }

  private void count(String key, int limit, long now, String credential) {
    Failures f = failures.computeIfAbsent(key, k -> new Failures());
    long window = limits.window().toNanos();
    if (f.count == 0 || now - f.windowStart >= window) {
      f.windowStart = now;
      f.count = 0;
      f.lastCredential = null;
    }
    if (credential != null && credential.equals(f.lastCredential)) {
      return;
    }
    f.lastCredential = credential;
    f.count++;
    if (f.count >= limit) {
      f.blocked = true;
      f.blockedUntil = now + window;
    }
  }

  /**
   * Usernames come from the caller: a digest keeps every key short, so that maxTracked bounds the
   * memory.
   */
  private static String pairKey(String client, String user) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(user.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return client + "\n" + java.util.HexFormat.of().formatHex(digest, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String clientKey(String client) {
    return client;
  }
}
