package io.serverlesskafka.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.operator.FakeApiServer;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
  @Test
  void aDeletedObjectsEventNamesAreForgottenAndOthersKept() {
    try (FakeApiServer api = new FakeApiServer();
        KubernetesClient client = api.client()) {
      EventRecorder events = new EventRecorder(client, Clock.systemUTC());
      ServerlessTopic deleted = topic("a", "uid-a");
      ServerlessTopic kept = topic("b", "uid-b");
      events.normal(deleted, EventReason.Deleted, "one");
      events.warning(deleted, EventReason.ReconcileError, "two");
      events.normal(kept, EventReason.Deleted, "one");
      assertThat(events.trackedEntries()).isEqualTo(3);

      events.forget(deleted);

      assertThat(events.trackedEntries()).isEqualTo(1);
    }
  }

  private static ServerlessTopic topic(String name, String uid) {
    ServerlessTopic t = new ServerlessTopic();
    t.getMetadata().setNamespace("team");
    t.getMetadata().setName(name);
    t.getMetadata().setUid(uid);
    return t;
  }
}
