package io.serverlesskafka.autoscaler.rebalance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the cluster snapshot of FORMATS.md. It walks the JSON tree by hand rather than binding to classes so
 * that every problem is reported with the path of the field, which data binding errors do not give reliably.
 * Unknown fields are ignored so that newer snapshots stay readable.
 */
public final class SnapshotReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ClusterModel read(Path file) throws IOException, SnapshotFormatException {
    return parse(Files.readString(file));
  }

  public ClusterModel parse(String json) throws SnapshotFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw new SnapshotFormatException("", "not valid JSON"
          + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
          + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new SnapshotFormatException("", "expected a JSON object with \"brokers\" and \"partitions\"");
    }
    List<BrokerSpec> brokers = readBrokers(array(root, "brokers", "brokers"));
    List<PartitionSpec> partitions = readPartitions(array(root, "partitions", "partitions"), brokers);
    return new ClusterModel(brokers, partitions);
  }

  private List<BrokerSpec> readBrokers(JsonNode array) throws SnapshotFormatException {
    if (array.isEmpty()) {
      throw new SnapshotFormatException("brokers", "at least one broker is needed");
    }
    List<BrokerSpec> brokers = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "brokers[" + i + "]";
      JsonNode node = object(array.get(i), at);
      int id = intField(node, "id", at);
      if (!seen.add(id)) {
        throw new SnapshotFormatException(at + ".id", "broker " + id + " is listed twice");
      }
      String rack = null;
      JsonNode rackNode = node.get("rack");
      if (rackNode != null && !rackNode.isNull()) {
        if (!rackNode.isTextual() || rackNode.asText().isBlank()) {
          throw new SnapshotFormatException(at + ".rack", "expected a non-empty string, got " + rackNode);
        }
        rack = rackNode.asText();
      }
      JsonNode cap = object(node.get("capacity"), at + ".capacity");
      BrokerCapacity capacity = new BrokerCapacity(
          positiveLong(cap, "ingressBytesPerSec", at + ".capacity"),
          positiveLong(cap, "egressBytesPerSec", at + ".capacity"),
          positiveLong(cap, "diskBytes", at + ".capacity"));
      brokers.add(new BrokerSpec(id, rack, capacity));
    }
    return brokers;
  }

  private List<PartitionSpec> readPartitions(JsonNode array, List<BrokerSpec> brokers) throws SnapshotFormatException {
    Set<Integer> brokerIds = new HashSet<>();
    brokers.forEach(b -> brokerIds.add(b.id()));
    Map<String, Integer> seen = new HashMap<>();
    List<PartitionSpec> partitions = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "partitions[" + i + "]";
      JsonNode node = object(array.get(i), at);
      JsonNode topicNode = node.get("topic");
      if (topicNode == null || !topicNode.isTextual() || topicNode.asText().isEmpty()) {
        throw new SnapshotFormatException(at + ".topic", topicNode == null ? "missing" : "expected a non-empty string");
      }
      String topic = topicNode.asText();
      int partition = intField(node, "partition", at);
      if (partition < 0) {
        throw new SnapshotFormatException(at + ".partition", "must not be negative, got " + partition);
      }
      Integer earlier = seen.putIfAbsent(topic + "\u0000" + partition, i);
      if (earlier != null) {
        throw new SnapshotFormatException(at, topic + "-" + partition + " is already listed at partitions[" + earlier + "]");
      }
      List<Integer> replicas = readReplicas(node, at, brokerIds);
      partitions.add(new PartitionSpec(topic, partition, replicas,
          nonNegativeLong(node, "ingressBytesPerSec", at),
          nonNegativeLong(node, "egressBytesPerSec", at),
          nonNegativeLong(node, "sizeBytes", at)));
    }
    return partitions;
  }

  private static List<Integer> readReplicas(JsonNode node, String at, Set<Integer> brokerIds) throws SnapshotFormatException {
    String field = at + ".replicas";
    JsonNode array = array(node, "replicas", field);
    if (array.isEmpty()) {
      throw new SnapshotFormatException(field, "a partition needs at least one replica");
    }
    List<Integer> replicas = new ArrayList<>();
    for (int j = 0; j < array.size(); j++) {
      JsonNode r = array.get(j);
      if (!r.canConvertToInt() || !r.isIntegralNumber()) {
        throw new SnapshotFormatException(field + "[" + j + "]", "expected a broker id, got " + r);
      }
      int id = r.intValue();
      if (!brokerIds.contains(id)) {
        throw new SnapshotFormatException(field, "broker " + id + " is not in brokers");
      }
      if (replicas.contains(id)) {
        throw new SnapshotFormatException(field, "broker " + id + " is listed twice");
      }
      replicas.add(id);
    }
    return replicas;
  }

  private static JsonNode array(JsonNode parent, String name, String field) throws SnapshotFormatException {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw new SnapshotFormatException(field, "missing");
    }
    if (!node.isArray()) {
      throw new SnapshotFormatException(field, "expected an array, got " + node.getNodeType().name().toLowerCase());
    }
    return node;
  }

  private static JsonNode object(JsonNode node, String field) throws SnapshotFormatException {
    if (node == null || node.isNull()) {
      throw new SnapshotFormatException(field, "missing");
    }
    if (!node.isObject()) {
      throw new SnapshotFormatException(field, "expected an object, got " + node.getNodeType().name().toLowerCase());
    }
    return node;
  }

  private static int intField(JsonNode parent, String name, String at) throws SnapshotFormatException {
    JsonNode node = parent.get(name);
    String field = at + "." + name;
    if (node == null || node.isNull()) {
      throw new SnapshotFormatException(field, "missing");
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new SnapshotFormatException(field, "expected an integer, got " + node);
    }
    return node.intValue();
  }

  private static long nonNegativeLong(JsonNode parent, String name, String at) throws SnapshotFormatException {
    JsonNode node = parent.get(name);
    String field = at + "." + name;
    if (node == null || node.isNull()) {
      throw new SnapshotFormatException(field, "missing");
    }
    if (!node.isNumber() || !node.canConvertToLong()) {
      throw new SnapshotFormatException(field, "expected a number of bytes, got " + node);
    }
    if (node.isFloatingPointNumber() && node.doubleValue() != Math.rint(node.doubleValue())) {
      throw new SnapshotFormatException(field, "expected a whole number of bytes, got " + node);
    }
    long value = node.longValue();
    if (value < 0) {
      throw new SnapshotFormatException(field, "must not be negative, got " + value);
    }
    return value;
  }

  private static long positiveLong(JsonNode parent, String name, String at) throws SnapshotFormatException {
    long value = nonNegativeLong(parent, name, at);
    if (value == 0) {
      throw new SnapshotFormatException(at + "." + name, "must be greater than 0");
    }
    return value;
  }
}
