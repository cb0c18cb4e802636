package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.operator.keda.ScaledObject;
import io.serverlesskafka.operator.keda.TriggerAuthentication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether KEDA's CRDs are served, asked through API discovery (no extra RBAC) and remembered for
 * {@link #TTL}, so that a cluster without KEDA costs one discovery call per TTL, not one per reconcile, and
 * installing KEDA later is noticed.
 */
public class KedaAvailability {
  public static final Duration TTL = Duration.ofSeconds(10);
  private final KubernetesClient client;
  private final Clock clock;
  private volatile Instant checkedAt = Instant.MIN;
  private volatile boolean available;

  public KedaAvailability(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public boolean available() {
    Instant now = clock.instant();
    if (checkedAt.plus(TTL).isBefore(now)) {
      available = client.supports(ScaledObject.class) && client.supports(TriggerAuthentication.class);
      checkedAt = now;
    }
    return available;
  }
}
