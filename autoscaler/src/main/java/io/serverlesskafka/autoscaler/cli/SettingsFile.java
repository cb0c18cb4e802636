package io.serverlesskafka.autoscaler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.serverlesskafka.autoscaler.scaling.DurationParser;
import io.serverlesskafka.autoscaler.scaling.ScalingMode;
import io.serverlesskafka.autoscaler.scaling.SizingPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads the settings YAML of {@code simulate}: the {@code brokers} and {@code autoscaling} blocks
 * of {@code ServerlessKafka.spec}, plus a {@code simulation} block for the readiness model. A whole
 * ServerlessKafka manifest works too (its {@code spec} is read, other spec blocks are ignored).
 * Unknown fields are errors: a misspelt setting silently falling back to its default would mislead.
 */
final class SettingsFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private SettingsFile() {}

  /**
   * @throws IllegalArgumentException with the file and the field in the message
   */
  static void apply(Path file, SimulationConfig config) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read YAML: " + firstLine(e.getMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    requireObject(file, "(document)", root);
    boolean manifest = root.has("spec");
    JsonNode spec = manifest ? root.get("spec") : root;
    requireObject(file, "spec", spec);
    if (!manifest) {
      onlyFields(file, "", spec, Set.of("brokers", "autoscaling", "simulation"));
    }
    JsonNode brokers = spec.path("brokers");
    if (!brokers.isMissingNode()) {
      requireObject(file, "brokers", brokers);
      onlyFields(file, "brokers.", brokers, Set.of("min", "max", "capacity"));
      if (brokers.has("min")) {
        config.autoscaler.minBrokers(integer(file, "brokers.min", brokers.get("min")));
      }
      if (brokers.has("max")) {
        config.autoscaler.maxBrokers(integer(file, "brokers.max", brokers.get("max")));
      }
      JsonNode capacity = brokers.path("capacity");
      if (!capacity.isMissingNode()) {
        requireObject(file, "brokers.capacity", capacity);
        onlyFields(
            file,
            "brokers.capacity.",
            capacity,
            Set.of("ingressMiBps", "egressMiBps", "diskGiB", "partitions"));
        if (capacity.has("ingressMiBps")) {
          config.ingressMiBps =
              number(file, "brokers.capacity.ingressMiBps", capacity.get("ingressMiBps"));
        }
        if (capacity.has("egressMiBps")) {
          config.egressMiBps =
              number(file, "brokers.capacity.egressMiBps", capacity.get("egressMiBps"));
        }
        if (capacity.has("diskGiB")) {
          config.diskGiB = number(file, "brokers.capacity.diskGiB", capacity.get("diskGiB"));
        }
        if (capacity.has("partitions")) {
          config.partitions =
              integer(file, "brokers.capacity.partitions", capacity.get("partitions"));
        }
      }
    }
    JsonNode autoscaling = spec.path("autoscaling");
    if (!autoscaling.isMissingNode()) {
      applyAutoscaling(file, autoscaling, config);
    }
    JsonNode simulation = root.path("simulation");
    if (!simulation.isMissingNode()) {
      requireObject(file, "simulation", simulation);
      onlyFields(
          file,
          "simulation.",
          simulation,
          Set.of("provisionSeconds", "drainSeconds", "initialBrokers", "retention"));
      if (simulation.has("retention")) {
        config.retentionSeconds =
            duration(file, "simulation.retention", simulation.get("retention")).toSeconds();
      }
      if (simulation.has("provisionSeconds")) {
        config.provisionSeconds =
            integer(file, "simulation.provisionSeconds", simulation.get("provisionSeconds"));
      }
      if (simulation.has("drainSeconds")) {
        config.drainSeconds =
            integer(file, "simulation.drainSeconds", simulation.get("drainSeconds"));
      }
      if (simulation.has("initialBrokers")) {
        config.initialBrokers =
            integer(file, "simulation.initialBrokers", simulation.get("initialBrokers"));
      }
    }
  }

  private static void applyAutoscaling(Path file, JsonNode node, SimulationConfig config) {
    requireObject(file, "autoscaling", node);
    onlyFields(
        file,
        "autoscaling.",
        node,
        Set.of(
            "targetUtilization",
            "tolerance",
            "metricsWindow",
            "scaleUpStabilization",
            "scaleDownStabilization",
            "maxStep",
            "mode",
            "policy",
            "maxUtilization",
            "provisionTime",
            "drainTime",
            "dipMemory",
            "wanderMemory",
            "dataMoveMiBps"));
    var settings = config.autoscaler;
    if (node.has("policy")) {
      try {
        settings.policy(SizingPolicy.parse(node.get("policy").asText()));
      } catch (IllegalArgumentException e) {
        throw invalid(file, "autoscaling.policy", e.getMessage());
      }
    }
    if (node.has("maxUtilization")) {
      settings.maxUtilization(
          number(file, "autoscaling.maxUtilization", node.get("maxUtilization")));
    }
    if (node.has("provisionTime")) {
      config.provisionTime = duration(file, "autoscaling.provisionTime", node.get("provisionTime"));
    }
    if (node.has("drainTime")) {
      config.drainTime = duration(file, "autoscaling.drainTime", node.get("drainTime"));
    }
    if (node.has("dipMemory")) {
      settings.dipMemory(duration(file, "autoscaling.dipMemory", node.get("dipMemory")));
    }
    if (node.has("wanderMemory")) {
      settings.wanderMemory(duration(file, "autoscaling.wanderMemory", node.get("wanderMemory")));
    }
    if (node.has("dataMoveMiBps")) {
      config.dataMoveMiBps = number(file, "autoscaling.dataMoveMiBps", node.get("dataMoveMiBps"));
    }
    if (node.has("targetUtilization")) {
      settings.targetUtilization(
          number(file, "autoscaling.targetUtilization", node.get("targetUtilization")));
    }
    if (node.has("tolerance")) {
      settings.tolerance(number(file, "autoscaling.tolerance", node.get("tolerance")));
    }
    if (node.has("metricsWindow")) {
      settings.metricsWindow(
          duration(file, "autoscaling.metricsWindow", node.get("metricsWindow")));
    }
    if (node.has("scaleUpStabilization")) {
      settings.scaleUpStabilization(
          duration(file, "autoscaling.scaleUpStabilization", node.get("scaleUpStabilization")));
    }
    if (node.has("scaleDownStabilization")) {
      settings.scaleDownStabilization(
          duration(file, "autoscaling.scaleDownStabilization", node.get("scaleDownStabilization")));
    }
    if (node.has("maxStep")) {
      settings.maxStep((int) integer(file, "autoscaling.maxStep", node.get("maxStep")));
    }
    if (node.has("mode")) {
      try {
        settings.mode(ScalingMode.parse(node.get("mode").asText()));
      } catch (IllegalArgumentException e) {
        throw invalid(file, "autoscaling.mode", e.getMessage());
      }
    }
  }

  private static void onlyFields(Path file, String prefix, JsonNode node, Set<String> allowed) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      String name = it.next().getKey();
      if (!allowed.contains(name)) {
        throw invalid(
            file,
            prefix + name,
            "unknown field (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  private static void requireObject(Path file, String field, JsonNode node) {
    if (!node.isObject()) {
      throw invalid(file, field, "expected a mapping, found '" + node.asText() + "'");
    }
  }

  private static double number(Path file, String field, JsonNode node) {
    if (!node.isNumber()) {
      throw invalid(file, field, "expected a number, found '" + node.asText() + "'");
    }
    return node.asDouble();
  }

  private static int integer(Path file, String field, JsonNode node) {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw invalid(file, field, "expected a whole number, found '" + node.asText() + "'");
    }
    return node.asInt();
  }

  private static java.time.Duration duration(Path file, String field, JsonNode node) {
    try {
      // A bare number is seconds, as a YAML author writing `scaleUpStabilization: 60` means.
      return node.isIntegralNumber()
          ? java.time.Duration.ofSeconds(node.asLong())
          : DurationParser.parse(node.asText());
    } catch (IllegalArgumentException e) {
      throw invalid(file, field, e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(Path file, String field, String problem) {
    return new IllegalArgumentException(file + ": " + field + ": " + problem);
  }

  /**
   * The parser's first line, without the name of a wrapped exception class (e.g. bytes that are not
   * UTF-8).
   */
  private static String firstLine(String message) {
    String first = message == null ? "" : message.lines().findFirst().orElse("");
    return first.replaceFirst("^[\\w.$]+(Exception|Error): ", "");
  }
}
