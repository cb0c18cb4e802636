package io.serverlesskafka.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.operator.keda.ScaledObject;
import io.serverlesskafka.operator.keda.TriggerAuthentication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether KEDA's CRDs are served, asked through API discovery (no extra RBAC). A positive answer is
 * remembered for {@link #TTL}, a negative one for {@link #NEGATIVE_TTL}: a cluster without KEDA
 * costs at most one discovery call every few seconds, not one per reconcile, and installing KEDA
 * later is noticed quickly.
 */
public class KedaAvailability {
  public static final Duration TTL = Duration.ofSeconds(60);
  public static final Duration NEGATIVE_TTL = Duration.ofSeconds(2);
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
    if (checkedAt.plus(available ? TTL : NEGATIVE_TTL).isBefore(now)) {
      available =
          client.supports(ScaledObject.class) && client.supports(TriggerAuthentication.class);
      checkedAt = now;
    }
    return available;
  }
}
