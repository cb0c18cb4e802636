package io.serverlesskafka.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import org.junit.jupiter.api.Test;

/** A reconcile decides from the newer of the informer's copy and the status last written. */
class WrittenStatusTest {
  static ServerlessKafka at(String resourceVersion, int topics) {
    ServerlessKafka k = new ServerlessKafka();
    k.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("kafka")
            .withName("shared")
            .withUid("uid-1")
            .withResourceVersion(resourceVersion)
            .build());
    ServerlessKafkaStatus status = new ServerlessKafkaStatus();
    status.setTopics(topics);
    k.setStatus(status);
    return k;
  }

  final WrittenStatus written = new WrittenStatus();

  @Test
  void aStaleInformerCopyGetsTheStatusLastWritten() {
    written.remember(at("120", 2));
    ServerlessKafka stale = at("100", 1);

    ServerlessKafka view = written.freshest(stale);

    assertThat(view.getStatus().getTopics()).isEqualTo(2);
    assertThat(view.getMetadata()).isSameAs(stale.getMetadata());
    assertThat(stale.getStatus().getTopics())
        .as("the informer's object is not changed")
        .isEqualTo(1);
  }

  @Test
  void anInformerCopyAsNewOrNewerWins() {
    written.remember(at("120", 2));
    ServerlessKafka current = at("125", 3);
    assertThat(written.freshest(current)).isSameAs(current);
  }

  @Test
  void aForgottenClusterIsReadAsCached() {
    written.remember(at("120", 2));
    written.forget(at("120", 2));
    ServerlessKafka stale = at("100", 1);
    assertThat(written.freshest(stale)).isSameAs(stale);
    assertThat(written.trackedEntries()).isZero();
  }

  @Test
  void resourceVersionsThatAreNotNumbersAreNotCompared() {
    written.remember(at("120", 2));
    ServerlessKafka opaque = at("abc", 1);
    assertThat(written.freshest(opaque)).isSameAs(opaque);
  }
}
