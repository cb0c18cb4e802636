package io.serverlesskafka.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The soak's short form (bin/soak): three tenants create, change and delete ServerlessTopics for 3
 * minutes (or {@code -Dsoak.minutes}) while one extra ServerlessKafka comes and goes, the operator
 * running as its own process. Then everything is deleted: the operator's threads, Admin clients and
 * per-topic/per-cluster maps are back to what the one remaining cluster needs, its RSS after a GC
 * near the baseline, and the last third's reconcile p95 not far above the first third's (bounds in
 * {@link SoakResult}).
 */
class SoakIT {
  @Test
  void theOperatorStaysFlatAndForgetsDeletedTopicsAndClusters() throws Exception {
    SoakCommand soak = new SoakCommand();
    soak.minutes = Double.parseDouble(System.getProperty("soak.minutes", "3"));
    SoakResult result = soak.run();
    System.out.print(result.table());
    assertThat(result.operations()).as("topic operations done").isGreaterThan(30);
    assertThat(result.thirds().get(2).count()).as("reconciles in the last third").isGreaterThan(0);
    assertThat(result.tracked())
        .as("tracked entries exported")
        .containsKeys("event_names", "partition_leaders", "admin_clients");
    assertThat(result.problems()).isEmpty();
  }
}
