package io.serverlesskafka.autoscaler.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SnapshotReaderTest {
  private static final String BROKER =
      """
      { "id": %d, "rack": "zone-a", "capacity": { "ingressBytesPerSec": 100, "egressBytesPerSec": 100, "diskBytes": 1000 } }""";

  private final SnapshotReader reader = new SnapshotReader();

  private static String snapshot(String partitions) {
    return "{ \"brokers\": ["
        + BROKER.formatted(0)
        + ","
        + BROKER.formatted(1)
        + "], \"partitions\": ["
        + partitions
        + "] }";
  }

  private static String partition(int number, String replicas) {
    return """
        { "topic": "t", "partition": %d, "replicas": %s, "ingressBytesPerSec": 1, "egressBytesPerSec": 2, "sizeBytes": 3 }"""
        .formatted(number, replicas);
  }

  @Test
  void readsTheDocumentedExample() throws Exception {
    Path example =
        Path.of(System.getProperty("project.root", ".."), "docs", "examples", "snapshot.json");

    ClusterModel model = reader.read(example);

    assertThat(model.brokers()).isNotEmpty();
    assertThat(model.partitions().get(0).topic()).isEqualTo("team-a.orders");
    assertThat(model.partitions().get(0).replicas()).containsExactly(0, 1, 2);
  }

  @Test
  void namesTheReplicaListThatPointsAtAnUnknownBroker() {
    String json =
        snapshot(
            partition(0, "[0, 1]")
                + ","
                + partition(1, "[0, 1]")
                + ","
                + partition(2, "[1, 0]")
                + ","
                + partition(3, "[0, 9]"));

    assertThatThrownBy(() -> reader.parse(json))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessage("partitions[3].replicas: broker 9 is not in brokers");
  }

  @Test
  void namesAMissingCapacityField() {
    String json =
        "{ \"brokers\": [ { \"id\": 0, \"capacity\": { \"ingressBytesPerSec\": 1, \"egressBytesPerSec\": 1 } } ], \"partitions\": [] }";

    assertThatThrownBy(() -> reader.parse(json))
        .hasMessage("brokers[0].capacity.diskBytes: missing");
  }

  @Test
  void rejectsABrokerListedTwice() {
    String json =
        "{ \"brokers\": ["
            + BROKER.formatted(0)
            + ","
            + BROKER.formatted(0)
            + "], \"partitions\": [] }";

    assertThatThrownBy(() -> reader.parse(json))
        .hasMessage("brokers[1].id: broker 0 is listed twice");
  }

  @Test
  void rejectsAReplicaListedTwice() {
    assertThatThrownBy(() -> reader.parse(snapshot(partition(0, "[1, 1]"))))
        .hasMessage("partitions[0].replicas: broker 1 is listed twice");
  }

  @Test
  void rejectsANegativeSize() {
    String json = snapshot(partition(0, "[0, 1]").replace("\"sizeBytes\": 3", "\"sizeBytes\": -3"));

    assertThatThrownBy(() -> reader.parse(json))
        .hasMessage("partitions[0].sizeBytes: must not be negative, got -3");
  }

  @Test
  void rejectsAPartitionListedTwice() {
    assertThatThrownBy(
            () -> reader.parse(snapshot(partition(0, "[0, 1]") + "," + partition(0, "[1, 0]"))))
        .hasMessage("partitions[1]: t-0 is already listed at partitions[0]");
  }

  @Test
  void reportsWhereTheJsonIsBroken() {
    assertThatThrownBy(() -> reader.parse("{ \"brokers\": [ }"))
        .isInstanceOf(SnapshotFormatException.class)
        .hasMessageStartingWith("not valid JSON at line 1");
  }

  @Test
  void readsWhatTheWriterWrites() throws Exception {
    ClusterModel model = Clusters.uniform(6, 3, 5, 20, 1);

    assertThat(reader.parse(new SnapshotWriter().toJson(model))).isEqualTo(model);
  }
}
