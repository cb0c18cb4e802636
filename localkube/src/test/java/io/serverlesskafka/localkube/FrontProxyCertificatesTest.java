package io.serverlesskafka.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregation layer's certificates: a CA, and a client certificate it signed with the name
 * kube-apiserver's --requestheader-allowed-names accepts; made once, then reused.
 */
class FrontProxyCertificatesTest {
  private static X509Certificate read(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void theClientCertificateIsSignedByTheCaForClientAuthentication(@TempDir Path parent)
      throws Exception {
    FrontProxyCertificates certificates = FrontProxyCertificates.in(parent.resolve("front-proxy"));
    X509Certificate ca = read(certificates.caCertificate());
    X509Certificate client = read(certificates.clientCertificate());

    ca.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
    client.verify(ca.getPublicKey());
    assertThat(client.getSubjectX500Principal().getName())
        .isEqualTo("CN=" + FrontProxyCertificates.CLIENT_NAME);
    assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
    assertThat(Files.readString(certificates.clientKey()))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(certificates.apiServerFlags())
        .containsSubsequence(
            "--proxy-client-cert-file", certificates.clientCertificate().toString())
        .containsSubsequence("--requestheader-allowed-names", FrontProxyCertificates.CLIENT_NAME);

    String made = Files.readString(certificates.clientCertificate());
    FrontProxyCertificates again = FrontProxyCertificates.in(parent.resolve("front-proxy"));
    assertThat(Files.readString(again.clientCertificate())).as("reused").isEqualTo(made);
    try (var left = Files.list(parent)) {
      assertThat(left).as("no temporary directory left").hasSize(1);
    }
  }
}
