package io.serverlesskafka.devcluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCaTest {
  @TempDir Path dir;

  @Test
  void theCaIsKeptAcrossOpensSoThatClientsKeepTrustingIt() {
    ClusterCa first = ClusterCa.open(dir, "shared");
    ClusterCa again = ClusterCa.open(dir, "shared");
    assertThat(again.caCertificatePem())
        .isEqualTo(first.caCertificatePem())
        .startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(again.brokerKeystorePassword()).isEqualTo(first.brokerKeystorePassword());
  }

  @Test
  void aNewCaSignsANewBrokerCertificate() throws Exception {
    ClusterCa first = ClusterCa.open(dir, "shared");
    Files.delete(dir.resolve("ca.key"));
    ClusterCa second = ClusterCa.open(dir, "shared");
    assertThat(second.caCertificatePem()).isNotEqualTo(first.caCertificatePem());
    X509Certificate[] chain = brokerChain(second);
    chain[0].verify(ca(second).getPublicKey());
  }

  @Test
  void theBrokerCertificateIsSignedByTheCaForLoopbackNames() throws Exception {
    ClusterCa ca = ClusterCa.open(dir, "shared");
    X509Certificate[] chain = brokerChain(ca);
    chain[0].verify(ca(ca).getPublicKey());
    chain[0].checkValidity();
    List<String> names =
        chain[0].getSubjectAlternativeNames().stream()
            .map(san -> String.valueOf(san.get(1)))
            .toList();
    assertThat(names).contains("localhost", "127.0.0.1");
    assertThat(ca(ca).getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
    assertThat(Files.getPosixFilePermissions(dir.resolve("ca.key")))
        .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  private static X509Certificate ca(ClusterCa ca) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    ca.caCertificatePem().getBytes(StandardCharsets.US_ASCII)));
  }

  private static X509Certificate[] brokerChain(ClusterCa ca) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ca.brokerKeystore())) {
      store.load(in, ca.brokerKeystorePassword().toCharArray());
    }
    return List.of(store.getCertificateChain("broker")).toArray(X509Certificate[]::new);
  }
}
