package io.serverlesskafka.localkube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates kube-apiserver needs to serve aggregated APIs (an APIService backed by a
 * Service, such as KEDA's external.metrics.k8s.io): a front-proxy CA, and a client certificate
 * signed by it that the aggregator presents to the extension API server. The extension server
 * trusts the user named in the X-Remote-User header only from a client with that certificate; it
 * learns the CA from the extension-apiserver-authentication ConfigMap kube-apiserver publishes.
 *
 * <p>Made once (EC keys: fast) and shared by every local API server, like kube-api-test's own
 * certificates: written into a directory aside and moved into place, so that two JVMs starting at
 * once never see half of them.
 */
public final class FrontProxyCertificates {
  /** The common name of the aggregator's client certificate (--requestheader-allowed-names). */
  public static final String CLIENT_NAME = "front-proxy-client";

  private final Path dir;

  private FrontProxyCertificates(Path dir) {
    this.dir = dir;
  }

  /** The certificates in {@code dir}, made first when they are not there. */
  public static FrontProxyCertificates in(Path dir) {
    FrontProxyCertificates certificates = new FrontProxyCertificates(dir);
    if (!Files.isRegularFile(certificates.clientKey())) {
      create(dir);
    }
    return certificates;
  }

  public Path caCertificate() {
    return dir.resolve("front-proxy-ca.crt");
  }

  public Path clientCertificate() {
    return dir.resolve("front-proxy-client.crt");
  }

  public Path clientKey() {
    return dir.resolve("front-proxy-client.key");
  }

  /** kube-apiserver's flags for the aggregation layer, as flag/value pairs. */
  public List<String> apiServerFlags() {
    return List.of(
        "--requestheader-client-ca-file",
        caCertificate().toString(),
        "--requestheader-allowed-names",
        CLIENT_NAME,
        "--requestheader-username-headers",
        "X-Remote-User",
        "--requestheader-group-headers",
        "X-Remote-Group",
        "--requestheader-extra-headers-prefix",
        "X-Remote-Extra-",
        "--proxy-client-cert-file",
        clientCertificate().toString(),
        "--proxy-client-key-file",
        clientKey().toString());
  }

  private static void create(Path dir) {
    try {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      Path temp = Files.createTempDirectory(dir.toAbsolutePath().getParent(), "front-proxy-");
      try {
        KeyPair ca = newKeyPair();
        X500Name caName = new X500Name("CN=front-proxy-ca");
        X509v3CertificateBuilder caCertificate = builder(caName, caName, ca.getPublic());
        caCertificate.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        caCertificate.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        KeyPair client = newKeyPair();
        X509v3CertificateBuilder clientCertificate =
            builder(caName, new X500Name("CN=" + CLIENT_NAME), client.getPublic());
        clientCertificate.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        clientCertificate.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        Files.writeString(
            temp.resolve("front-proxy-ca.crt"), pem("CERTIFICATE", sign(caCertificate, ca)));
        Files.writeString(
            temp.resolve("front-proxy-client.crt"),
            pem("CERTIFICATE", sign(clientCertificate, ca)));
        Files.writeString(
            temp.resolve("front-proxy-client.key"),
            pem("PRIVATE KEY", client.getPrivate().getEncoded()));
        try {
          Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException madeMeanwhile) {
          // another JVM made them first: use those
        }
      } finally {
        deleteRecursively(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not make the front-proxy certificates in " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("could not make the front-proxy certificates", e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, PublicKey key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, new SecureRandom()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(3650))),
        subject,
        key);
  }

  private static byte[] sign(X509v3CertificateBuilder certificate, KeyPair ca)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            certificate.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())))
        .getEncoded();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
