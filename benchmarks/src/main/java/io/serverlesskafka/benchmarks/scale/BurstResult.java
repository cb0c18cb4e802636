package io.serverlesskafka.benchmarks.scale;

import java.util.List;
import java.util.Locale;

/**
 * Apply → Ready of a burst of topics, split into what the operator takes and what the Strimzi
 * stand-in takes (seconds per topic).
 *
 * @param toStrimziObjects apply → KafkaTopic and KafkaUser both written (the operator's first pass)
 * @param standIn those written → both Ready, the user's password Secret written (the stand-in's
 *     share)
 * @param toSecretAndReady the stand-in done → the tenant's Secret written and the topic Ready (the
 *     operator's second pass)
 * @param total apply → Ready
 */
record BurstResult(
    int topics,
    List<Double> toStrimziObjects,
    List<Double> standIn,
    List<Double> toSecretAndReady,
    List<Double> total) {

  List<Double> operatorShare() {
    List<Double> share = new java.util.ArrayList<>();
    for (int i = 0; i < toStrimziObjects.size(); i++) {
      share.add(toStrimziObjects.get(i) + toSecretAndReady.get(i));
    }
    return share;
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(Locale.ROOT, "%,d topics applied at once (seconds per topic):%n%n", topics));
    out.append("| share | p50 | p95 | max |\n|---|---|---|---|\n");
    row(out, "operator: apply → KafkaTopic + KafkaUser written", toStrimziObjects);
    row(
        out,
        "stand-in: → KafkaTopic + KafkaUser Ready (topic, SCRAM user, ACLs, quotas, user Secret)",
        standIn);
    row(out, "operator: stand-in done → tenant Secret written + Ready", toSecretAndReady);
    row(out, "operator's share (sum of its two parts)", operatorShare());
    row(out, "apply → Ready", total);
    return out.toString();
  }

  private static void row(StringBuilder out, String name, List<Double> values) {
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %.2f | %.2f | %.2f |%n",
            name,
            percentile(values, 50),
            percentile(values, 95),
            percentile(values, 100)));
  }

  static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
