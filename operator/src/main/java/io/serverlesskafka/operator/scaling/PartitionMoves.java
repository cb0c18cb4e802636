package io.serverlesskafka.operator.scaling;

import io.serverlesskafka.operator.kafka.KafkaUnavailableException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * Whether partitions are being moved, for every metrics source: capacity is in flux then, and a
 * scaling would race with the move. The operator's rebalancer knows its own moves before Kafka
 * lists them; Kafka also lists moves others started.
 */
public final class PartitionMoves implements BooleanSupplier {
  private final Admin admin;
  private final BooleanSupplier rebalancerMoving;

  public PartitionMoves(Admin admin, BooleanSupplier rebalancerMoving) {
    this.admin = admin;
    this.rebalancerMoving = rebalancerMoving;
  }

  @Override
  public boolean getAsBoolean() {
    if (rebalancerMoving.getAsBoolean()) {
      return true;
    }
    try {
      return !admin
          .listPartitionReassignments()
          .reassignments()
          .get(15, TimeUnit.SECONDS)
          .isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaUnavailableException(
          "cannot list partition reassignments: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted", e);
    }
  }
}
