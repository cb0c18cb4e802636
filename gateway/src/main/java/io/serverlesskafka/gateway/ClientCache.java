package io.serverlesskafka.gateway;

import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka clients per credential, bounded: at most {@code maxCredentials} credentials hold clients;
 * the least recently used are closed first, and clients unused for {@code credentialIdleTimeout}
 * are closed by a sweeper that also expires idle consumer instances. Keys are {@link
 * Credentials#cacheKey} (username + HMAC of the password under a key made at start-up), never the
 * raw header.
 */
final class ClientCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClientCache.class);

  private final GatewayConfig config;
  private final byte[] processSecret = new byte[32];
  private final ConcurrentHashMap<String, TenantClients> clients = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "gateway-client-sweeper");
            t.setDaemon(true);
            return t;
          });

  ClientCache(GatewayConfig config) {
    this.config = config;
    new SecureRandom().nextBytes(processSecret);
    long period = Math.max(1_000, Math.min(30_000, config.instanceIdleTimeout().toMillis() / 4));
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  String keyOf(Credentials credentials) {
    return credentials.cacheKey(processSecret);
  }

  TenantClients get(String key, Credentials credentials) {
    TenantClients tenant =
        clients.computeIfAbsent(key, k -> new TenantClients(credentials, config));
    tenant.touch();
    if (clients.size() > config.maxCredentials()) {
      evictLeastRecentlyUsed();
    }
    return tenant;
  }

  /** Closes the clients of a credential Kafka refused, so a wrong password holds no resources. */
  void evict(String key) {
    TenantClients tenant = clients.remove(key);
    if (tenant != null) {
      closeInBackground(tenant);
    }
  }

  /** Whether the credential holds Kafka clients already (it logged in, or is logging in now). */
  boolean contains(String key) {
    return clients.containsKey(key);
  }

  int size() {
    return clients.size();
  }

  private void evictLeastRecentlyUsed() {
    while (clients.size() > config.maxCredentials()) {
      clients.entrySet().stream()
          .min(Comparator.comparingLong(e -> e.getValue().lastUsedNanos()))
          .ifPresent(
              oldest -> {
                if (clients.remove(oldest.getKey(), oldest.getValue())) {
                  LOG.info(
                      "user {}: Kafka clients closed, {} credentials in use (limit)",
                      oldest.getValue().username(),
                      config.maxCredentials());
                  closeInBackground(oldest.getValue());
                }
              });
    }
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      for (Map.Entry<String, TenantClients> entry : clients.entrySet()) {
        TenantClients tenant = entry.getValue();
        tenant.expireIdleInstances(
            now,
            instance ->
                LOG.info(
                    "user {}: consumer instance {}/{} expired after" + " {} idle",
                    tenant.username(),
                    instance.kafkaGroup(),
                    instance.instanceId(),
                    config.instanceIdleTimeout()));
        if (now - tenant.lastUsedNanos() > config.credentialIdleTimeout().toNanos()
            && !tenant.hasInstances()
            && clients.remove(entry.getKey(), tenant)) {
          closeInBackground(tenant);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("sweeping idle Kafka clients failed", e);
    }
  }

  private static void closeInBackground(TenantClients tenant) {
    // A request may still be using the clients: closing waits for in-flight sends, off the
    // request's thread.
    Thread.ofVirtual().name("gateway-close-" + tenant.username()).start(tenant::close);
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    clients.values().forEach(TenantClients::close);
    clients.clear();
  }
}
