package io.serverlesskafka.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses the JSON bodies of Upstash's API. Every body that takes one object also takes an array of
 * them. Errors name the field and, for arrays, the position, so a caller can fix the request.
 */
final class RequestBodies {

  static final ObjectMapper JSON = new ObjectMapper();

  private RequestBodies() {}

  record Header(String key, String value) {}

  /** A message to produce; {@code topic} is set from the path when the route names one. */
  record ProduceMessage(
      String topic,
      Integer partition,
      Long timestamp,
      String key,
      String value,
      List<Header> headers) {}

  record TopicPartition(String topic, int partition) {}

  record TopicPartitionOffset(String topic, int partition, long offset) {}

  record FetchRequest(Map<TopicPartition, Long> offsets, long timeoutMs) {}

  record ConsumeRequest(List<String> topics, long timeoutMs) {}

  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw GatewayException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw GatewayException.badRequest("body cannot be read: " + e.getMessage());
    }
  }

  static List<ProduceMessage> produceMessages(JsonNode body, String pathTopic) {
    List<JsonNode> items = items(body, "message");
    if (items.isEmpty()) {
      throw GatewayException.badRequest(
          "no message in the body: send {\"value\": ...} or an array of them");
    }
    List<ProduceMessage> messages = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      messages.add(produceMessage(items.get(i), pathTopic, where(items, i)));
    }
    return messages;
  }

  private static ProduceMessage produceMessage(JsonNode node, String pathTopic, String where) {
    requireObject(node, "message", where);
    String topic = pathTopic != null ? pathTopic : requiredText(node, "topic", where);
    JsonNode value = node.get("value");
    if (value == null || value.isNull()) {
      throw GatewayException.badRequest("value is required" + where);
    }
    Integer partition =
        node.hasNonNull("partition") ? nonNegativeInt(node, "partition", where) : null;
    Long timestamp =
        node.hasNonNull("timestamp") ? nonNegativeLong(node, "timestamp", where) : null;
    String key = node.hasNonNull("key") ? asText(node.get("key")) : null;
    List<Header> headers = new ArrayList<>();
    JsonNode headerNodes = node.get("headers");
    if (headerNodes != null && !headerNodes.isNull()) {
      if (!headerNodes.isArray()) {
        throw GatewayException.badRequest(
            "headers must be an array of {\"key\", \"value\"}" + where);
      }
      for (JsonNode header : headerNodes) {
        if (!header.isObject() || !header.hasNonNull("key")) {
          throw GatewayException.badRequest("each header needs a key" + where);
        }
        headers.add(
            new Header(
                asText(header.get("key")),
                header.hasNonNull("value") ? asText(header.get("value")) : null));
      }
    }
    return new ProduceMessage(topic, partition, timestamp, key, asText(value), headers);
  }

  static FetchRequest fetchRequest(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw GatewayException.badRequest(
          "fetch needs a JSON object: {\"topic\", \"partition\", \"offset\"}"
              + " and/or \"topicPartitionOffsets\"");
    }
    Map<TopicPartition, Long> offsets = new java.util.LinkedHashMap<>();
    if (body.hasNonNull("topic")) {
      TopicPartitionOffset single = topicPartitionOffset(body, "");
      offsets.put(new TopicPartition(single.topic(), single.partition()), single.offset());
    }
    JsonNode many = body.get("topicPartitionOffsets");
    if (many != null && !many.isNull()) {
      if (!many.isArray()) {
        throw GatewayException.badRequest("topicPartitionOffsets must be an array");
      }
      for (int i = 0; i < many.size(); i++) {
        TopicPartitionOffset tpo =
            topicPartitionOffset(many.get(i), " (topicPartitionOffsets[" + i + "])");
        offsets.put(new TopicPartition(tpo.topic(), tpo.partition()), tpo.offset());
      }
    }
    if (offsets.isEmpty()) {
      throw GatewayException.badRequest(
          "fetch needs topic, partition and offset, or topicPartitionOffsets");
    }
    return new FetchRequest(offsets, timeout(body, 1_000));
  }

  static ConsumeRequest consumeRequest(JsonNode body, String pathTopic, Long queryTimeout) {
    List<String> topics = new ArrayList<>();
    long timeout = queryTimeout != null ? queryTimeout : 1_000;
    if (pathTopic != null) {
      topics.add(pathTopic);
    }
    if (body != null) {
      if (!body.isObject()) {
        throw GatewayException.badRequest(
            "consume body must be {\"topic\"} or {\"topics\": [...]}");
      }
      if (body.hasNonNull("topic")) {
        topics.add(requiredText(body, "topic", ""));
      }
      JsonNode many = body.get("topics");
      if (many != null && !many.isNull()) {
        if (!many.isArray()) {
          throw GatewayException.badRequest("topics must be an array of topic names");
        }
        many.forEach(t -> topics.add(asText(t)));
      }
      if (body.hasNonNull("timeout")) {
        timeout = timeout(body, 1_000);
      }
    }
    if (topics.isEmpty()) {
      throw GatewayException.badRequest(
          "consume needs a topic: /consume/{group}/{instance}/{topic} or a body"
              + " {\"topic\"} or {\"topics\": [...]}");
    }
    return new ConsumeRequest(topics.stream().distinct().toList(), timeout);
  }

  /**
   * A single {@code {"topic", "partition", "offset"}} or an array; empty means "what was consumed
   * last".
   */
  static List<TopicPartitionOffset> topicPartitionOffsets(JsonNode body) {
    List<JsonNode> items = items(body, "offset");
    List<TopicPartitionOffset> result = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      result.add(topicPartitionOffset(items.get(i), where(items, i)));
    }
    return result;
  }

  static List<TopicPartition> topicPartitions(JsonNode body) {
    List<JsonNode> items = items(body, "topic partition");
    if (items.isEmpty()) {
      throw GatewayException.badRequest("send {\"topic\", \"partition\"} or an array of them");
    }
    List<TopicPartition> result = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode node = items.get(i);
      String where = where(items, i);
      requireObject(node, "topic partition", where);
      result.add(
          new TopicPartition(requiredText(node, "topic", where), requiredPartition(node, where)));
    }
    return result;
  }

  private static TopicPartitionOffset topicPartitionOffset(JsonNode node, String where) {
    requireObject(node, "topic partition offset", where);
    String topic = requiredText(node, "topic", where);
    int partition = requiredPartition(node, where);
    if (!node.hasNonNull("offset")) {
      throw GatewayException.badRequest("offset is required" + where);
    }
    return new TopicPartitionOffset(topic, partition, nonNegativeLong(node, "offset", where));
  }

  private static int requiredPartition(JsonNode node, String where) {
    if (!node.hasNonNull("partition")) {
      throw GatewayException.badRequest("partition is required" + where);
    }
    return nonNegativeInt(node, "partition", where);
  }

  private static long timeout(JsonNode body, long defaultMs) {
    if (!body.hasNonNull("timeout")) {
      return defaultMs;
    }
    return nonNegativeLong(body, "timeout", "");
  }

  private static List<JsonNode> items(JsonNode body, String what) {
    List<JsonNode> items = new ArrayList<>();
    if (body == null || body.isNull()) {
      return items;
    }
    if (body.isArray()) {
      body.forEach(items::add);
    } else if (body.isObject()) {
      items.add(body);
    } else {
      throw GatewayException.badRequest(
          "body must be a JSON " + what + " object or an array of them");
    }
    return items;
  }

  private static String where(List<JsonNode> items, int index) {
    return items.size() > 1 ? " (item " + index + ")" : "";
  }

  private static void requireObject(JsonNode node, String what, String where) {
    if (node == null || !node.isObject()) {
      throw GatewayException.badRequest("each " + what + " must be a JSON object" + where);
    }
  }

  private static String requiredText(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || asText(value).isEmpty()) {
      throw GatewayException.badRequest(field + " is required" + where);
    }
    return asText(value);
  }

  private static int nonNegativeInt(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
      throw GatewayException.badRequest(
          field + " must be a non-negative integer" + where + ", got " + value);
    }
    return value.intValue();
  }

  private static long nonNegativeLong(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value.isTextual()) {
      try {
        long parsed = Long.parseLong(value.textValue());
        if (parsed >= 0) {
          return parsed;
        }
      } catch (NumberFormatException ignored) {
        // falls through to the error below
      }
    } else if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
      return value.longValue();
    }
    throw GatewayException.badRequest(
        field + " must be a non-negative integer" + where + ", got " + value);
  }

  /**
   * Strings as they are; any other JSON value as its JSON text (the SDK sends strings, curl users
   * send objects).
   */
  private static String asText(JsonNode node) {
    return node.isTextual() ? node.textValue() : node.toString();
  }
}
