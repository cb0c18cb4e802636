package io.serverlesskafka.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterCaCertificatesTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String cert(String body) {
    return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void trustsTheCurrentCaFirstAndTheOneBeingReplacedToo() {
    Map<String, String> data =
        Map.of(
            "ca-2025-01-01T00-00-00Z.crt", b64(cert("OLD")),
            "ca.crt", b64(cert("NEW")),
            "ca.p12", b64("binary"),
            "ca.password", b64("secret"));
    assertThat(ClusterCaCertificates.bundle(data)).hasValue(cert("NEW") + cert("OLD"));
  }

  @Test
  void nothingToTrustBeforeStrimziWroteTheCa() {
    assertThat(ClusterCaCertificates.bundle(null)).isEmpty();
    assertThat(ClusterCaCertificates.bundle(Map.of("ca.p12", b64("x")))).isEmpty();
    assertThat(ClusterCaCertificates.bundle(Map.of("ca.crt", b64("")))).isEmpty();
  }
}
