package io.serverlesskafka.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.serverlesskafka.api.v1alpha1.ConditionedStatus;
import io.serverlesskafka.api.v1alpha1.DeletionPolicy;
import io.serverlesskafka.api.v1alpha1.ServerlessKafka;
import io.serverlesskafka.api.v1alpha1.ServerlessKafkaStatus;
import io.serverlesskafka.api.v1alpha1.ServerlessTopic;
import io.serverlesskafka.api.v1alpha1.ServerlessTopicStatus;
import io.serverlesskafka.operator.status.ConditionReason;
import io.serverlesskafka.operator.status.Conditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs the Argo CD health checks of docs/gitops the way Argo CD does: the object, as the API server
 * returns it in JSON, is the Lua global {@code obj}; the script returns a table with status and
 * message. Objects are built from the API classes and the operator's own condition builder and
 * serialized by Fabric8, so the shapes are the ones the operator writes.
 */
class GitOpsHealthTest {
  private static final Path DOCS = Path.of("..", "docs", "gitops");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-04T20:00:00Z"), ZoneOffset.UTC);

  record Health(String status, String message) {}

  // --- ServerlessTopic

  @Test
  void topicWithoutStatusIsProgressing() {
    assertThat(topicHealth(topic(1L, null))).extracting(Health::status).isEqualTo("Progressing");
  }

  @Test
  void topicReadyForItsGenerationIsHealthy() {
    Health h = topicHealth(topic(2L, topicStatus(2L, true, ConditionReason.Ready, "topic ready")));
    assertThat(h.status()).isEqualTo("Healthy");
    assertThat(h.message()).isEqualTo("Ready: topic ready");
  }

  @Test
  void topicWithGenerationAheadOfStatusIsProgressing() {
    Health h = topicHealth(topic(3L, topicStatus(2L, true, ConditionReason.Ready, "topic ready")));
    assertThat(h.status()).isEqualTo("Progressing");
    assertThat(h.message()).contains("generation 3");
  }

  @Test
  void topicWaitingForStrimziIsProgressing() {
    for (ConditionReason r :
        List.of(ConditionReason.WaitingForStrimzi, ConditionReason.WaitingForCredentials)) {
      assertThat(topicHealth(topic(1L, topicStatus(1L, false, r, "waiting"))).status())
          .as(r.name())
          .isEqualTo("Progressing");
    }
  }

  @Test
  void topicNotReadyForAReasonThatNeedsAPersonIsDegraded() {
    for (ConditionReason r :
        List.of(
            ConditionReason.InvalidSpec,
            ConditionReason.ClusterNotFound,
            ConditionReason.ClusterAmbiguous,
            ConditionReason.ClusterNotAllowed,
            ConditionReason.ClusterChanged,
            ConditionReason.ClusterDeleting,
            ConditionReason.Conflict,
            ConditionReason.TopicNameTooLong,
            ConditionReason.PartitionsDecrease,
            ConditionReason.StrimziRejected,
            ConditionReason.ReconcileError)) {
      Health h = topicHealth(topic(1L, topicStatus(1L, false, r, "what went wrong")));
      assertThat(h.status()).as(r.name()).isEqualTo("Degraded");
      assertThat(h.message()).isEqualTo(r.name() + ": what went wrong");
    }
  }

  @Test
  void topicBeingDeletedIsProgressingAndNamesItsDeletionPolicy() {
    ServerlessTopic t = topic(1L, topicStatus(1L, true, ConditionReason.Ready, "topic ready"));
    t.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    t.getMetadata().setDeletionTimestamp("2026-12-04T20:01:00Z");
    Health h = topicHealth(t);
    assertThat(h.status()).isEqualTo("Progressing");
    assertThat(h.message()).contains("Retain");
  }

  // --- ServerlessKafka

  @Test
  void clusterWithoutStatusIsProgressing() {
    assertThat(clusterHealth(cluster(1L, null)).status()).isEqualTo("Progressing");
  }

  @Test
  void clusterReadyForItsGenerationIsHealthy() {
    ServerlessKafkaStatus s = clusterStatus(4L, true, ConditionReason.Ready, "3 brokers ready");
    assertThat(clusterHealth(cluster(4L, s)).status()).isEqualTo("Healthy");
  }

  @Test
  void hibernatingClusterIsHealthySoThatTheTopicWaveThatWakesItRuns() {
    ServerlessKafkaStatus s =
        clusterStatus(1L, true, ConditionReason.Hibernating, "hibernating: no topics");
    Health h = clusterHealth(cluster(1L, s));
    assertThat(h.status()).isEqualTo("Healthy");
    assertThat(h.message()).startsWith("Hibernating:");
  }

  @Test
  void clusterWithGenerationAheadOfStatusIsProgressing() {
    ServerlessKafkaStatus s = clusterStatus(4L, true, ConditionReason.Ready, "3 brokers ready");
    assertThat(clusterHealth(cluster(5L, s)).status()).isEqualTo("Progressing");
  }

  @Test
  void clusterProvisioningIsProgressing() {
    ServerlessKafkaStatus s =
        clusterStatus(1L, false, ConditionReason.Provisioning, "waiting for Strimzi");
    assertThat(clusterHealth(cluster(1L, s)).status()).isEqualTo("Progressing");
  }

  @Test
  void clusterNotReadyForAReasonThatNeedsAPersonIsDegraded() {
    for (ConditionReason r :
        List.of(
            ConditionReason.InvalidSpec,
            ConditionReason.StrimziRejected,
            ConditionReason.ReconcileError)) {
      ServerlessKafkaStatus s = clusterStatus(1L, false, r, "what went wrong");
      assertThat(clusterHealth(cluster(1L, s)).status()).as(r.name()).isEqualTo("Degraded");
    }
  }

  @Test
  void clusterWhoseDeletionWaitsForItsTopicsIsProgressingAndSaysWhy() {
    ServerlessKafkaStatus s =
        clusterStatus(
            1L, false, ConditionReason.DeletionBlocked, "still serves 1 ServerlessTopic(s)");
    s.setTopics(1);
    s.setServedTopics(List.of("team-a/orders"));
    ServerlessKafka c = cluster(1L, s);
    c.getMetadata().setDeletionTimestamp("2026-12-04T20:01:00Z");
    Health h = clusterHealth(c);
    assertThat(h.status()).isEqualTo("Progressing");
    assertThat(h.message()).contains("deletion waits").contains("still serves 1");
  }

  @Test
  void theGuideShowsTheScriptsAsTheyAreInArgoCdsConfigMap() throws IOException {
    String guide = Files.readString(DOCS.resolveSibling("gitops.md"));
    for (String script : List.of("serverlesstopic-health.lua", "serverlesskafka-health.lua")) {
      String indented =
          Files.readString(DOCS.resolve(script))
              .lines()
              .map(l -> l.isBlank() ? l : "    " + l)
              .reduce("", (a, b) -> a + b + "\n");
      assertThat(guide).as(script).contains(indented);
    }
  }

  // --- objects in the operator's shapes

  private static ServerlessTopic topic(Long generation, ServerlessTopicStatus status) {
    ServerlessTopic t = new ServerlessTopic();
    t.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders")
            .withNamespace("team-a")
            .withGeneration(generation)
            .build());
    t.getSpec().setCluster("kafka/shared");
    t.setStatus(status);
    return t;
  }

  private static ServerlessTopicStatus topicStatus(
      Long observed, boolean ready, ConditionReason reason, String message) {
    ServerlessTopicStatus s = new ServerlessTopicStatus();
    s.setCluster("kafka/shared");
    s.setKafkaTopic("team-a.orders");
    return withReady(s, observed, ready, reason, message);
  }

  private static ServerlessKafka cluster(Long generation, ServerlessKafkaStatus status) {
    ServerlessKafka c = new ServerlessKafka();
    c.setMetadata(
        new ObjectMetaBuilder()
            .withName("shared")
            .withNamespace("kafka")
            .withGeneration(generation)
            .build());
    c.setStatus(status);
    return c;
  }

  private static ServerlessKafkaStatus clusterStatus(
      Long observed, boolean ready, ConditionReason reason, String message) {
    ServerlessKafkaStatus s = new ServerlessKafkaStatus();
    s.setDesiredBrokers(3);
    s.setReadyBrokers(3);
    s.setTopics(0);
    return withReady(s, observed, ready, reason, message);
  }

  private static <S extends ConditionedStatus> S withReady(
      S status, Long observed, boolean ready, ConditionReason reason, String message) {
    status.setObservedGeneration(observed);
    status.setConditions(
        Conditions.merge(
            status.getConditions(), Conditions.ready(ready, reason, message, observed, CLOCK)));
    return status;
  }

  // --- running a script as Argo CD does

  private static Health topicHealth(ServerlessTopic topic) {
    return run("serverlesstopic-health.lua", topic);
  }

  private static Health clusterHealth(ServerlessKafka cluster) {
    return run("serverlesskafka-health.lua", cluster);
  }

  private static Health run(String script, HasMetadata object) {
    String json = Serialization.asJson(object);
    Map<?, ?> parsed = Serialization.unmarshal(json, Map.class);
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(parsed));
    String source;
    try {
      source = Files.readString(DOCS.resolve(script));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    LuaValue result = globals.load(source, script).call();
    assertThat(result.istable()).as("the script returns a table").isTrue();
    String status = result.get("status").tojstring();
    assertThat(status)
        .isIn("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");
    return new Health(status, result.get("message").optjstring(null));
  }

  /** JSON as Argo CD hands it to Lua: objects and arrays are tables, arrays 1-based. */
  private static LuaValue toLua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    }
    if (value instanceof Map<?, ?> map) {
      LuaTable t = new LuaTable();
      map.forEach((k, v) -> t.set(String.valueOf(k), toLua(v)));
      return t;
    }
    if (value instanceof List<?> list) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        t.set(i + 1, toLua(list.get(i)));
      }
      return t;
    }
    if (value instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (value instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return LuaValue.valueOf(String.valueOf(value));
  }
}
