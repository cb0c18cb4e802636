package io.serverlesskafka.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KEDA's local certificate names the metrics API server's Service, which the aggregator verifies;
 * one kept from an earlier version without that name (bin/dev keeps .dev/keda-certs) is replaced.
 */
class LocalKedaCertificateTest {
  @Test
  void anEarlierCertificateWithoutTheServiceNameIsReplaced(@TempDir Path dir) throws Exception {
    Process old =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=keda-operator",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                dir.resolve("tls.key").toString(),
                "-out",
                dir.resolve("tls.crt").toString())
            .redirectErrorStream(true)
            .start();
    old.getInputStream().readAllBytes();
    assertThat(old.waitFor()).isZero();
    Files.copy(dir.resolve("tls.crt"), dir.resolve("ca.crt"));
    assertThat(LocalKeda.namesMetricsService(dir.resolve("tls.crt"))).isFalse();

    LocalKeda.writeSelfSignedCertificate(dir);

    assertThat(LocalKeda.namesMetricsService(dir.resolve("tls.crt"))).isTrue();
    assertThat(dir.resolve("ca.crt")).hasSameTextualContentAs(dir.resolve("tls.crt"));
    String kept = Files.readString(dir.resolve("tls.crt"));
    LocalKeda.writeSelfSignedCertificate(dir);
    assertThat(Files.readString(dir.resolve("tls.crt")))
        .as("a current one is kept")
        .isEqualTo(kept);
  }
}
