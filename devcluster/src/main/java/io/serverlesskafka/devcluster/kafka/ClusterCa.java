package io.serverlesskafka.devcluster.kafka;

import io.serverlesskafka.localkube.Certificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The local cluster's CA and the certificate its brokers present on the TLS client listener, as
 * Strimzi's cluster CA does on Kubernetes. Made on first use and kept in the cluster's directory,
 * so that clients which trusted the CA keep working after a restart; a cluster whose data is
 * deleted gets a new CA with its new data.
 *
 * <pre>
 * tls/
 *   ca.crt               the CA certificate (PEM): what clients trust
 *   ca.key               its private key (PKCS#8 PEM, mode 600)
 *   broker.p12           the brokers' key and certificate chain (PKCS#12, mode 600); SANs localhost, 127.0.0.1
 *   broker.p12.password  (mode 600)
 * </pre>
 */
public final class ClusterCa {

  private final Path dir;
  private final String caCertificatePem;

  private ClusterCa(Path dir, String caCertificatePem) {
    this.dir = dir;
    this.caCertificatePem = caCertificatePem;
  }

  /**
   * Opens the CA in {@code dir}, making the CA and the broker certificate if they are not there
   * yet.
   */
  public static ClusterCa open(Path dir, String clusterName) {
    try {
      Files.createDirectories(dir);
      Path caCert = dir.resolve("ca.crt");
      Path caKey = dir.resolve("ca.key");
      if (!Files.exists(caCert) || !Files.exists(caKey)) {
        KeyPair ca = Certificates.newKeyPair();
        X509Certificate cert = caCertificate(ca, clusterName);
        writePrivate(
            caKey,
            Certificates.pem("PRIVATE KEY", ca.getPrivate().getEncoded())
                .getBytes(StandardCharsets.US_ASCII));
        Files.deleteIfExists(dir.resolve("broker.p12")); // signed by a CA that is gone
        write(
            caCert,
            Certificates.pem("CERTIFICATE", cert.getEncoded()).getBytes(StandardCharsets.US_ASCII));
      }
      ClusterCa result = new ClusterCa(dir, Files.readString(caCert, StandardCharsets.US_ASCII));
      if (!Files.exists(result.brokerKeystore()) || !Files.exists(result.passwordFile())) {
        result.writeBrokerKeystore(readPrivateKey(caKey));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the local cluster CA in " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("Cannot make the local cluster CA in " + dir, e);
    }
  }

  /**
   * The CA certificate in PEM, as Strimzi publishes it in {@code <cluster>-cluster-ca-cert} under
   * {@code ca.crt}.
   */
  public String caCertificatePem() {
    return caCertificatePem;
  }

  /** PKCS#12 key store of the brokers' TLS listener. */
  public Path brokerKeystore() {
    return dir.resolve("broker.p12");
  }

  public String brokerKeystorePassword() {
    try {
      return Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path passwordFile() {
    return dir.resolve("broker.p12.password");
  }

  private void writeBrokerKeystore(PrivateKey caKey)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    X509Certificate ca =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(caCertificatePem.getBytes(StandardCharsets.US_ASCII)));
    KeyPair broker = Certificates.newKeyPair();
    X509Certificate cert = brokerCertificate(broker.getPublic(), ca, caKey);
    String password = randomPassword();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "broker", broker.getPrivate(), password.toCharArray(), new Certificate[] {cert, ca});
    Path tmp = brokerKeystore().resolveSibling("broker.p12.tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      store.store(out, password.toCharArray());
    }
    restrict(tmp);
    writePrivate(passwordFile(), password.getBytes(StandardCharsets.UTF_8));
    Files.move(
        tmp, brokerKeystore(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static X509Certificate caCertificate(KeyPair ca, String clusterName)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    return Certificates.ca(
        new X500Name(
            "O=serverless-kafka local,CN=cluster-ca "
                + clusterName.replaceAll("[^A-Za-z0-9.-]", "-")),
        ca);
  }

  /**
   * The brokers listen on loopback and advertise 127.0.0.1: clients verify the host name against
   * these SANs.
   */
  private static X509Certificate brokerCertificate(
      PublicKey key, X509Certificate ca, PrivateKey caKey)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    X509v3CertificateBuilder builder =
        Certificates.builder(
            X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
            new X500Name("O=serverless-kafka local,CN=localhost"),
            key);
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.iPAddress, "::1")
            }));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(
            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    return Certificates.sign(builder, caKey);
  }

  private static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void write(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writePrivate(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, content);
    restrict(tmp);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
  }
}
