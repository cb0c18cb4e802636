package io.serverlesskafka.autoscaler.rebalance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the cluster snapshot of docs/rebalancer.md ("File formats"). Partitions are read token by
 * token from a stream (a million replicas would take several hundred MiB as a JSON tree); brokers,
 * few, are read as small trees. Every problem is reported with the path of the field, which data
 * binding errors do not give reliably. Unknown fields are ignored so that newer snapshots stay
 * readable.
 */
public final class SnapshotReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ClusterModel read(Path file) throws IOException, SnapshotFormatException {
    try (JsonParser parser = JSON.createParser(file.toFile())) {
      return parse(parser);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
  }

  public ClusterModel parse(String json) throws SnapshotFormatException {
    try (JsonParser parser = JSON.createParser(json)) {
      return parse(parser);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SnapshotFormatException notJson(JsonProcessingException e) {
    var where = e.getLocation();
    return new SnapshotFormatException(
        "",
        "not valid JSON"
            + (where == null
                ? ""
                : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
            + ": "
            + e.getOriginalMessage());
  }

  private ClusterModel parse(JsonParser parser) throws IOException, SnapshotFormatException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new SnapshotFormatException(
          "", "expected a JSON object with \"brokers\" and \"partitions\"");
    }
    JsonNode brokerArray = null;
    List<RawPartition> raw = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("brokers")) {
        brokerArray = value == JsonToken.VALUE_NULL ? null : parser.readValueAsTree();
      } else if (name.equals("partitions") && value != JsonToken.VALUE_NULL) {
        if (value != JsonToken.START_ARRAY) {
          throw new SnapshotFormatException(
              "partitions", "expected an array, got " + typeName(value));
        }
        raw = readRawPartitions(parser);
      } else {
        parser.skipChildren();
      }
    }
    if (brokerArray == null) {
      throw new SnapshotFormatException("brokers", "missing");
    }
    if (!brokerArray.isArray()) {
      throw new SnapshotFormatException(
          "brokers", "expected an array, got " + brokerArray.getNodeType().name().toLowerCase());
    }
    List<BrokerSpec> brokers = readBrokers(brokerArray);
    if (raw == null) {
      throw new SnapshotFormatException("partitions", "missing");
    }
    return new ClusterModel(brokers, toPartitions(raw, brokers));
  }

  /**
   * A partition as read, before its replicas are checked against the brokers (which may come later
   * in the file).
   */
  private record RawPartition(
      String topic, int partition, int[] replicas, long ingress, long egress, long size) {}

  private record Key(String topic, int partition) {}

  /** The path of partitions[i], turned into text only when a field of it is reported. */
  private record FieldPath(int index) {
    String field(String name) {
      return "partitions[" + index + "]" + (name.isEmpty() ? "" : "." + name);
    }
  }

  private List<RawPartition> readRawPartitions(JsonParser parser)
      throws IOException, SnapshotFormatException {
    List<RawPartition> partitions = new ArrayList<>();
    Map<Key, Integer> seen = new HashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      int i = partitions.size();
      // Field paths are built only for an error message: a snapshot may hold a million partitions.
      FieldPath at = new FieldPath(i);
      if (token != JsonToken.START_OBJECT) {
        throw new SnapshotFormatException(
            at.field(""),
            token == JsonToken.VALUE_NULL
                ? "missing"
                : "expected an object, got " + typeName(token));
      }
      String topic = null;
      Integer partition = null;
      int[] replicas = null;
      long ingress = -1;
      long egress = -1;
      long size = -1;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "topic" -> {
            if (value != JsonToken.VALUE_NULL
                && (value != JsonToken.VALUE_STRING || parser.getText().isEmpty())) {
              throw new SnapshotFormatException(at.field("topic"), "expected a non-empty string");
            }
            topic = value == JsonToken.VALUE_NULL ? null : parser.getText();
          }
          case "partition" ->
              partition =
                  value == JsonToken.VALUE_NULL ? null : intValue(parser, value, at, "partition");
          case "replicas" ->
              replicas =
                  value == JsonToken.VALUE_NULL
                      ? null
                      : readReplicaIds(parser, value, at, "replicas");
          case "ingressBytesPerSec" -> ingress = bytes(parser, value, at, "ingressBytesPerSec");
          case "egressBytesPerSec" -> egress = bytes(parser, value, at, "egressBytesPerSec");
          case "sizeBytes" -> size = bytes(parser, value, at, "sizeBytes");
          default -> parser.skipChildren();
        }
      }
      if (topic == null) {
        throw new SnapshotFormatException(at.field("topic"), "missing");
      }
      if (partition == null) {
        throw new SnapshotFormatException(at.field("partition"), "missing");
      }
      if (partition < 0) {
        throw new SnapshotFormatException(
            at.field("partition"), "must not be negative, got " + partition);
      }
      Integer earlier = seen.putIfAbsent(new Key(topic, partition), i);
      if (earlier != null) {
        throw new SnapshotFormatException(
            at.field(""),
            topic + "-" + partition + " is already listed at partitions[" + earlier + "]");
      }
      if (replicas == null) {
        throw new SnapshotFormatException(at.field("replicas"), "missing");
      }
      requirePresent(ingress, at.field("ingressBytesPerSec"));
      requirePresent(egress, at.field("egressBytesPerSec"));
      requirePresent(size, at.field("sizeBytes"));
      partitions.add(new RawPartition(topic, partition, replicas, ingress, egress, size));
    }
    return partitions;
  }

  private static void requirePresent(long bytes, String field) throws SnapshotFormatException {
    if (bytes < 0) {
      throw new SnapshotFormatException(field, "missing");
    }
  }

  private static int intValue(JsonParser parser, JsonToken value, FieldPath at, String name)
      throws IOException, SnapshotFormatException {
    if (value != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() != JsonParser.NumberType.INT) {
      throw new SnapshotFormatException(
          at.field(name), "expected an integer, got " + text(parser, value));
    }
    return parser.getIntValue();
  }

  /** A whole, non-negative number of bytes (or bytes per second). */
  private static long bytes(JsonParser parser, JsonToken value, FieldPath at, String name)
      throws IOException, SnapshotFormatException {
    if (value == JsonToken.VALUE_NULL) {
      return -1;
    }
    long result;
    if (value == JsonToken.VALUE_NUMBER_INT) {
      if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw new SnapshotFormatException(
            at.field(name), "expected a number of bytes, got " + parser.getText());
      }
      result = parser.getLongValue();
    } else if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = parser.getDoubleValue();
      if (d != Math.rint(d)) {
        throw new SnapshotFormatException(
            at.field(name), "expected a whole number of bytes, got " + parser.getText());
      }
      if (Math.abs(d) >= 0x1p63) {
        throw new SnapshotFormatException(
            at.field(name), "expected a number of bytes, got " + parser.getText());
      }
      result = (long) d;
    } else {
      throw new SnapshotFormatException(
          at.field(name), "expected a number of bytes, got " + text(parser, value));
    }
    if (result < 0) {
      throw new SnapshotFormatException(at.field(name), "must not be negative, got " + result);
    }
    return result;
  }

  private static int[] readReplicaIds(JsonParser parser, JsonToken value, FieldPath at, String name)
      throws IOException, SnapshotFormatException {
    if (value != JsonToken.START_ARRAY) {
      throw new SnapshotFormatException(
          at.field(name), "expected an array, got " + typeName(value));
    }
    int[] ids = new int[4];
    int n = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.VALUE_NUMBER_INT
          || parser.getNumberType() != JsonParser.NumberType.INT) {
        throw new SnapshotFormatException(
            at.field(name) + "[" + n + "]", "expected a broker id, got " + text(parser, token));
      }
      if (n == ids.length) {
        ids = java.util.Arrays.copyOf(ids, 2 * n);
      }
      ids[n++] = parser.getIntValue();
    }
    if (n == 0) {
      throw new SnapshotFormatException(at.field(name), "a partition needs at least one replica");
    }
    return java.util.Arrays.copyOf(ids, n);
  }

  /** The value as JSON text, as the error messages show it. */
  private static String text(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      return parser.readValueAsTree().toString();
    }
    return token == JsonToken.VALUE_STRING
        ? JSON.writeValueAsString(parser.getText())
        : parser.getText();
  }

  private static String typeName(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "object";
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      default -> "null";
    };
  }

  private static List<PartitionSpec> toPartitions(List<RawPartition> raw, List<BrokerSpec> brokers)
      throws SnapshotFormatException {
    Set<Integer> brokerIds = new HashSet<>();
    brokers.forEach(b -> brokerIds.add(b.id()));
    List<PartitionSpec> partitions = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      RawPartition r = raw.get(i);
      String field = "partitions[" + i + "].replicas";
      Integer[] replicas = new Integer[r.replicas().length];
      for (int j = 0; j < replicas.length; j++) {
        int id = r.replicas()[j];
        if (!brokerIds.contains(id)) {
          throw new SnapshotFormatException(field, "broker " + id + " is not in brokers");
        }
        for (int k = 0; k < j; k++) {
          if (replicas[k] == id) {
            throw new SnapshotFormatException(field, "broker " + id + " is listed twice");
          }
        }
        replicas[j] = id;
      }
      partitions.add(
          new PartitionSpec(
              r.topic(), r.partition(), List.of(replicas), r.ingress(), r.egress(), r.size()));
    }
    return partitions;
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
          throw new SnapshotFormatException(
              at + ".rack", "expected a non-empty string, got " + rackNode);
        }
        rack = rackNode.asText();
      }
      JsonNode cap = object(node.get("capacity"), at + ".capacity");
      BrokerLimits capacity =
          new BrokerLimits(
              positiveLong(cap, "ingressBytesPerSec", at + ".capacity"),
              positiveLong(cap, "egressBytesPerSec", at + ".capacity"),
              positiveLong(cap, "diskBytes", at + ".capacity"));
      brokers.add(new BrokerSpec(id, rack, capacity));
    }
    return brokers;
  }

  private static JsonNode object(JsonNode node, String field) throws SnapshotFormatException {
    if (node == null || node.isNull()) {
      throw new SnapshotFormatException(field, "missing");
    }
    if (!node.isObject()) {
      throw new SnapshotFormatException(
          field, "expected an object, got " + node.getNodeType().name().toLowerCase());
    }
    return node;
  }

  private static int intField(JsonNode parent, String name, String at)
      throws SnapshotFormatException {
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

  private static long nonNegativeLong(JsonNode parent, String name, String at)
      throws SnapshotFormatException {
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

  private static long positiveLong(JsonNode parent, String name, String at)
      throws SnapshotFormatException {
    long value = nonNegativeLong(parent, name, at);
    if (value == 0) {
      throw new SnapshotFormatException(at + "." + name, "must be greater than 0");
    }
    return value;
  }
}
