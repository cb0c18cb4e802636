package io.serverlesskafka.autoscaler.rebalance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a {@link ClusterModel} in the snapshot format that {@link SnapshotReader} reads. */
public final class SnapshotWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String toJson(ClusterModel model) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode brokers = root.putArray("brokers");
    for (BrokerSpec b : model.brokers()) {
      ObjectNode node = brokers.addObject().put("id", b.id());
      if (b.hasRack()) {
        node.put("rack", b.rack());
      }
      node.putObject("capacity")
          .put("ingressBytesPerSec", b.capacity().ingressBytesPerSec())
          .put("egressBytesPerSec", b.capacity().egressBytesPerSec())
          .put("diskBytes", b.capacity().diskBytes());
    }
    ArrayNode partitions = root.putArray("partitions");
    for (PartitionSpec p : model.partitions()) {
      ObjectNode node =
          partitions.addObject().put("topic", p.topic()).put("partition", p.partition());
      ArrayNode replicas = node.putArray("replicas");
      p.replicas().forEach(replicas::add);
      node.put("ingressBytesPerSec", p.ingressBytesPerSec())
          .put("egressBytesPerSec", p.egressBytesPerSec())
          .put("sizeBytes", p.sizeBytes());
    }
    try {
      return JSON.writeValueAsString(root) + System.lineSeparator();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void write(ClusterModel model, Path file) throws IOException {
    Files.writeString(file, toJson(model));
  }
}
