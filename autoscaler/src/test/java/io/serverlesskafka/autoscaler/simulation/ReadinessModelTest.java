package io.serverlesskafka.autoscaler.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadinessModelTest {
  @Test
  void addedBrokerServesAfterProvisionSecondsAndIsPaidAtOnce() {
    ReadinessModel model = new ReadinessModel(120, 300, 3);
    model.scaleTo(5, 1000);

    assertThat(model.requested()).isEqualTo(5);
    assertThat(model.paid(1000)).isEqualTo(5);
    assertThat(model.ready(1119)).isEqualTo(3);
    assertThat(model.ready(1120)).isEqualTo(5);
  }

  @Test
  void removedBrokerServesAndIsPaidUntilItsDrainEnds() {
    ReadinessModel model = new ReadinessModel(120, 300, 6);
    model.scaleTo(4, 1000);

    assertThat(model.requested()).isEqualTo(4);
    assertThat(model.ready(1299)).isEqualTo(6);
    assertThat(model.paid(1299)).isEqualTo(6);
    assertThat(model.ready(1300)).isEqualTo(4);
    assertThat(model.paid(1300)).isEqualTo(4);
  }
}
