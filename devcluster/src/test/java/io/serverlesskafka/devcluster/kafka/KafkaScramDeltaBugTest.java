package io.serverlesskafka.devcluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.metadata.RemoveUserScramCredentialRecord;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.image.MetadataDelta;
import org.apache.kafka.image.MetadataImage;
import org.apache.kafka.image.ScramImage;
import org.junit.jupiter.api.Test;

/**
 * Canary for the Kafka 4.1.1 bug that {@link KafkaAdminOperations#deleteUser} works around: {@code
 * ScramDelta.apply()} drops a mechanism's user map from the new image as soon as a removal leaves
 * it empty <em>inside</em> the per-user loop, so upserts applied after it in the same delta are
 * lost. A broker replaying the metadata log from the start (restart, new broker) builds one delta
 * from an empty image and ends up with no credentials at all.
 *
 * <p>When this test fails after a Kafka upgrade, the bug is fixed: {@code deleteUser} may delete
 * credentials again.
 */
class KafkaScramDeltaBugTest {

  @Test
  void aRemovalInAFullReplayLosesTheOtherCredentials() {
    MetadataDelta delta = new MetadataDelta.Builder().setImage(MetadataImage.EMPTY).build();
    delta.replay(credential("admin"));
    delta.replay(credential("mallory"));
    delta.replay(
        new RemoveUserScramCredentialRecord()
            .setName("mallory")
            .setMechanism(ScramMechanism.SCRAM_SHA_512.type()));

    ScramImage image = delta.scramDelta().apply();

    assertThat(image.mechanisms().getOrDefault(ScramMechanism.SCRAM_SHA_512, java.util.Map.of()))
        .as("Kafka 4.1.1 loses admin's credential; if it is kept, the bug is fixed")
        .doesNotContainKey("admin");
  }

  private static UserScramCredentialRecord credential(String user) {
    return new UserScramCredentialRecord()
        .setName(user)
        .setMechanism(ScramMechanism.SCRAM_SHA_512.type())
        .setSalt(new byte[] {1})
        .setStoredKey(new byte[] {2})
        .setServerKey(new byte[] {3})
        .setIterations(4096);
  }
}
