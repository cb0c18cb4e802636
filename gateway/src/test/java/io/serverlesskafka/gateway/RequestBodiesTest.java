package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serverlesskafka.gateway.RequestBodies.ProduceMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    return RequestBodies.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void rejects(Runnable parse, String message) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void produceTakesOneMessageOrAnArray() {
    List<ProduceMessage> one =
        RequestBodies.produceMessages(
            json(
                """
                {"topic": "t", "value": "v", "key": "k", "partition": 2, "timestamp": 1637745834744,
                 "headers": [{"key": "h", "value": "x"}]}"""),
            null);
    assertThat(one)
        .containsExactly(
            new ProduceMessage(
                "t", 2, 1637745834744L, "k", "v", List.of(new RequestBodies.Header("h", "x"))));
    List<ProduceMessage> many =
        RequestBodies.produceMessages(
            json("[{\"value\": 1}, {\"value\": {\"a\": [1]}}]"), "path-topic");
    assertThat(many).extracting(ProduceMessage::topic).containsOnly("path-topic");
    assertThat(many).extracting(ProduceMessage::value).containsExactly("1", "{\"a\":[1]}");
  }

  @Test
  void produceErrorsNameTheFieldAndItem() {
    rejects(
        () -> RequestBodies.produceMessages(json("{\"value\": \"v\"}"), null), "topic is required");
    rejects(
        () -> RequestBodies.produceMessages(json("[{\"value\": \"v\"}, {}]"), "t"),
        "value is required (item 1)");
    rejects(
        () -> RequestBodies.produceMessages(json("[]"), "t"),
        "no message in the body: send {\"value\": ...} or an array of them");
    rejects(
        () ->
            RequestBodies.produceMessages(json("{\"value\": \"v\", \"partition\": \"one\"}"), "t"),
        "partition must be a non-negative integer, got \"one\"");
    rejects(
        () -> RequestBodies.produceMessages(json("{\"value\": \"v\", \"headers\": {}}"), "t"),
        "headers must be an array of {\"key\", \"value\"}");
    rejects(
        () -> RequestBodies.produceMessages(json("\"text\""), "t"),
        "body must be a JSON message object or an array of them");
    rejects(
        () -> RequestBodies.produceMessages(null, "t"),
        "no message in the body: send {\"value\": ...} or an array of them");
  }

  @Test
  void fetchCombinesTheSingleFormAndTheList() {
    RequestBodies.FetchRequest request =
        RequestBodies.fetchRequest(
            json(
                """
                {"topic": "words", "partition": 0, "offset": 0,
                 "topicPartitionOffsets": [{"topic": "cities", "partition": 1, "offset": 10}], "timeout": 5000}"""));
    assertThat(request.offsets())
        .containsExactly(
            Map.entry(new RequestBodies.TopicPartition("words", 0), 0L),
            Map.entry(new RequestBodies.TopicPartition("cities", 1), 10L));
    assertThat(request.timeoutMs()).isEqualTo(5000);
    assertThat(
            RequestBodies.fetchRequest(json("{\"topic\": \"t\", \"partition\": 0, \"offset\": 3}"))
                .timeoutMs())
        .as("Upstash's default fetch timeout")
        .isEqualTo(1000);
    rejects(
        () -> RequestBodies.fetchRequest(json("{\"topic\": \"t\", \"partition\": 0}")),
        "offset is required");
  }

  @Test
  void consumeTakesTopicFromPathOrBody() {
    assertThat(RequestBodies.consumeRequest(null, "t", null))
        .isEqualTo(new RequestBodies.ConsumeRequest(List.of("t"), 1000));
    assertThat(
            RequestBodies.consumeRequest(
                json("{\"topics\": [\"a\", \"b\"], \"timeout\": 10}"), null, null))
        .isEqualTo(new RequestBodies.ConsumeRequest(List.of("a", "b"), 10));
    assertThat(RequestBodies.consumeRequest(null, "t", 250L).timeoutMs()).isEqualTo(250);
    rejects(
        () -> RequestBodies.consumeRequest(null, null, null),
        "consume needs a topic: /consume/{group}/{instance}"
            + "/{topic} or a body {\"topic\"} or {\"topics\": [...]}");
  }

  @Test
  void commitBodyMayBeEmptyOneOrMany() {
    assertThat(RequestBodies.topicPartitionOffsets(null)).isEmpty();
    assertThat(RequestBodies.topicPartitionOffsets(json("[]"))).isEmpty();
    assertThat(
            RequestBodies.topicPartitionOffsets(
                json("{\"topic\": \"t\", \"partition\": 1, \"offset\": 10}")))
        .containsExactly(new RequestBodies.TopicPartitionOffset("t", 1, 10));
    rejects(
        () -> RequestBodies.topicPartitionOffsets(json("[{\"topic\": \"t\", \"offset\": 1}]")),
        "partition is required");
  }
}
