package io.serverlesskafka.autoscaler.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class TraceReaderTest {
  private static Trace read(String text) throws Exception {
    return new TraceReader().read(new StringReader(text), "trace.csv");
  }

  @Test
  void readsEvenlySpacedTrace() throws Exception {
    Trace trace =
        read(
            """
        time_s,ingress_bytes_per_sec,egress_bytes_per_sec
        0,10485760,20971520
        10,11534336,23068672
        20,1.5e6,0
        """);
    assertThat(trace.stepSeconds()).isEqualTo(10);
    assertThat(trace.points()).hasSize(3);
    assertThat(trace.points().get(2).ingressBytesPerSec()).isEqualTo(1_500_000);
    assertThat(trace.durationSeconds()).isEqualTo(30);
  }

  @Test
  void rejectsTraceWithBadLineNumber() {
    assertThatThrownBy(
            () ->
                read(
                    """
        time_s,ingress_bytes_per_sec,egress_bytes_per_sec
        0,10,20
        10,11,22
        20,abc,22
        """))
        .isInstanceOfSatisfying(TraceFormatException.class, e -> assertThat(e.line()).isEqualTo(4))
        .hasMessage("trace.csv line 4: ingress_bytes_per_sec 'abc' is not a number");
  }

  @Test
  void rejectsUnevenSpacingWithLineNumber() {
    assertThatThrownBy(
            () ->
                read("time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n0,1,1\n10,1,1\n25,1,1\n"))
        .hasMessage("trace.csv line 4: time_s 25 breaks the even spacing of 10 s (previous 10)");
  }

  @Test
  void rejectsWrongHeaderMissingFieldsAndNegativeRates() {
    assertThatThrownBy(() -> read("time,ingress,egress\n0,1,1\n"))
        .hasMessageContaining("line 1: header is 'time,ingress,egress'");
    assertThatThrownBy(
            () -> read("time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n0,1,1\n10,1\n"))
        .hasMessageContaining("line 3: expected 3 fields");
    assertThatThrownBy(
            () -> read("time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n0,1,1\n10,1,-5\n"))
        .hasMessageContaining("line 3: egress_bytes_per_sec must be a finite number >= 0");
    assertThatThrownBy(
            () -> read("time_s,ingress_bytes_per_sec,egress_bytes_per_sec\n5,1,1\n10,1,1\n"))
        .hasMessageContaining("line 2: time_s of the first sample must be 0");
  }
}
