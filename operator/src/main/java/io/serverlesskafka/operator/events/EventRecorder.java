package io.serverlesskafka.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on our resources, as kubectl describe shows them. The same object, reason
 * and message bump the count of one Event instead of creating another, so a failing reconcile loop
 * does not flood the namespace.
 */
public final class EventRecorder {
  public static final String COMPONENT = "serverless-kafka-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, String> eventNames = new ConcurrentHashMap<>();

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata object, EventReason reason, String message) {
    record(object, "Normal", reason, message);
  }

  public void warning(HasMetadata object, EventReason reason, String message) {
    record(object, "Warning", reason, message);
  }

  /**
   * Forgets the Events of a deleted object (their keys start with its UID), so the map does not
   * grow with churn.
   */
  public void forget(HasMetadata object) {
    String prefix = object.getMetadata().getUid() + "|";
    eventNames.keySet().removeIf(k -> k.startsWith(prefix));
  }

  /** Objects' Event names remembered (for the operator's tracked-entries gauge). */
  public int trackedEntries() {
    return eventNames.size();
  }

  private void record(HasMetadata object, String type, EventReason reason, String message) {
    String namespace = object.getMetadata().getNamespace();
    String key = object.getMetadata().getUid() + "|" + reason + "|" + message;
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      String existing = eventNames.get(key);
      if (existing != null) {
        Event event = client.v1().events().inNamespace(namespace).withName(existing).get();
        if (event != null) {
          int count = event.getCount() == null ? 1 : event.getCount();
          client
              .v1()
              .events()
              .inNamespace(namespace)
              .withName(existing)
              .edit(e -> new EventBuilder(e).withCount(count + 1).withLastTimestamp(now).build());
          return;
        }
      }
      String name =
          object.getMetadata().getName()
              + "."
              + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(object.getApiVersion())
                          .withKind(object.getKind())
                          .withName(object.getMetadata().getName())
                          .withNamespace(namespace)
                          .withUid(object.getMetadata().getUid())
                          .withResourceVersion(object.getMetadata().getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason.name())
                  .withMessage(message)
                  .withCount(1)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
      eventNames.put(key, name);
    } catch (KubernetesClientException e) {
      // An Event is advice to a human; failing to record one must not fail the reconcile.
      LOG.warn(
          "{}/{}: could not record event {}: {}",
          namespace,
          object.getMetadata().getName(),
          reason,
          e.getMessage());
    }
  }
}
