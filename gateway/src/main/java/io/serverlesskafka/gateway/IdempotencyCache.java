package io.serverlesskafka.gateway;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Answers for produce requests that carry an {@code Idempotency-Key}: a retry with the same key
 * (and the same body) gets the first answer instead of producing again; a concurrent retry waits
 * for the first attempt. A failed attempt is forgotten, so the retry produces. Keys are scoped to
 * the credential and kept for a bounded time and number; they live in this replica's memory
 * (docs/gateway.md says what that means behind a load balancer).
 */
final class IdempotencyCache {

  record Answer(int status, byte[] body) {}

  private record Entry(byte[] bodyDigest, CompletableFuture<Answer> answer, long expiresNanos) {}

  private final Duration ttl;
  private final int maxKeys;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  IdempotencyCache(Duration ttl, int maxKeys) {
    this.ttl = ttl;
    this.maxKeys = maxKeys;
  }

  Answer answer(String scope, String key, String route, byte[] body, Supplier<Answer> produce) {
    if (key.length() > 256) {
      throw GatewayException.badRequest("Idempotency-Key is longer than 256 characters");
    }
    String cacheKey = scope + "\n" + route + "\n" + key;
    byte[] digest = sha256(body);
    long now = System.nanoTime();
    CompletableFuture<Answer> mine = new CompletableFuture<>();
    Entry fresh = new Entry(digest, mine, now + ttl.toNanos());
    Entry existing =
        entries.compute(
            cacheKey, (k, old) -> old == null || old.expiresNanos() < now ? fresh : old);
    if (existing != fresh) {
      if (!Arrays.equals(existing.bodyDigest(), digest)) {
        throw new GatewayException(
            422, "Idempotency-Key " + key + " was used with a different body");
      }
      try {
        return existing.answer().get();
      } catch (ExecutionException e) {
        // The first attempt failed and was forgotten: this retry produces.
        return answer(scope, key, route, body, produce);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GatewayException(503, "interrupted");
      }
    }
    trim(now);
    try {
      Answer answer = produce.get();
      mine.complete(answer);
      return answer;
    } catch (RuntimeException e) {
      entries.remove(cacheKey, fresh);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  int size() {
    return entries.size();
  }

  private void trim(long now) {
    if (entries.size() <= maxKeys) {
      return;
    }
    entries.values().removeIf(e -> e.expiresNanos() < now);
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (entries.size() > maxKeys && it.hasNext()) {
      Map.Entry<String, Entry> next = it.next();
      if (next.getValue().answer().isDone()) {
        it.remove();
      }
    }
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
