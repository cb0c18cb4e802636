package io.serverlesskafka.localkube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

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
        KeyPair ca = Certificates.newKeyPair();
        X500Name caName = new X500Name("CN=front-proxy-ca");
        X509Certificate caCertificate = Certificates.ca(caName, ca);
        KeyPair client = Certificates.newKeyPair();
        X509v3CertificateBuilder clientCertificate =
            Certificates.builder(caName, new X500Name("CN=" + CLIENT_NAME), client.getPublic());
        clientCertificate.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        clientCertificate.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        Files.writeString(
            temp.resolve("front-proxy-ca.crt"),
            Certificates.pem("CERTIFICATE", caCertificate.getEncoded()));
        Files.writeString(
            temp.resolve("front-proxy-client.crt"),
            Certificates.pem(
                "CERTIFICATE", Certificates.sign(clientCertificate, ca.getPrivate()).getEncoded()));
        Files.writeString(
            temp.resolve("front-proxy-client.key"),
            Certificates.pem("PRIVATE KEY", client.getPrivate().getEncoded()));
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
