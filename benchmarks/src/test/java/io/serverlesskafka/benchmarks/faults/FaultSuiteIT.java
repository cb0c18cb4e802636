package io.serverlesskafka.benchmarks.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's short form (bin/fault-suite): a scale-up whose fill loses a broker to kill -9
 * and a scale-down whose drain loses the operator to kill -9. Every acknowledged record is read
 * back exactly once, the cluster settles at the size asked for, and no replication throttle is left
 * behind. {@code -Dfaults.long=true} runs every case.
 */
class FaultSuiteIT {
  @Test
  void noAcknowledgedRecordIsLostOrDuplicatedWhenBrokersAndTheOperatorAreKilledDuringScaling()
      throws Exception {
    FaultSuite suite = new FaultSuite();
    suite.longForm = Boolean.getBoolean("faults.long");
    List<FaultResult> results = suite.run();
    System.out.print(FaultResult.table(results));
    assertThat(results).isNotEmpty();
    for (FaultResult r : results) {
      assertThat(r.acknowledged()).as(r.name() + ": records acknowledged").isGreaterThan(0);
      assertThat(r.lost()).as(r.name() + ": acknowledged but not read back").isZero();
      assertThat(r.duplicated()).as(r.name() + ": read more than once").isZero();
      assertThat(r.notes()).as(r.name()).startsWith("ok");
    }
  }
}
