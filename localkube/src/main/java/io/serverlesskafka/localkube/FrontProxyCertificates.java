package io.serverlesskafka.localkube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The certificates kube-apiserver needs to serve aggregated APIs (an APIService backed by a
 * Service, such as KEDA's external.metrics.k8s.io): a front-proxy CA, and a client certificate
 * signed by it that the aggregator presents to the extension API server. The extension server
 * trusts the user named in the X-Remote-User header only from a client with that certificate; it
 * learns the CA from the extension-apiserver-authentication ConfigMap kube-apiserver publishes.
 *
 * <p>Made once with openssl (EC keys: fast) and shared by every local API server, like
 * kube-api-test's own certificates: written into a directory aside and moved into place, so that
 * two JVMs starting at once never see half of them.
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
        Path extensions = temp.resolve("client.ext");
        Files.writeString(
            extensions, "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n");
        openssl(
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "3650",
            "-subj",
            "/CN=front-proxy-ca",
            "-keyout",
            temp.resolve("front-proxy-ca.key").toString(),
            "-out",
            temp.resolve("front-proxy-ca.crt").toString());
        openssl(
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-subj",
            "/CN=" + CLIENT_NAME,
            "-keyout",
            temp.resolve("front-proxy-client.key").toString(),
            "-out",
            temp.resolve("front-proxy-client.csr").toString());
        openssl(
            "x509",
            "-req",
            "-in",
            temp.resolve("front-proxy-client.csr").toString(),
            "-CA",
            temp.resolve("front-proxy-ca.crt").toString(),
            "-CAkey",
            temp.resolve("front-proxy-ca.key").toString(),
            "-set_serial",
            String.valueOf(System.nanoTime()),
            "-days",
            "3650",
            "-extfile",
            extensions.toString(),
            "-out",
            temp.resolve("front-proxy-client.crt").toString());
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
    }
  }

  private static void openssl(String... args) throws IOException {
    List<String> command = Stream.concat(Stream.of("openssl"), Stream.of(args)).toList();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (process.waitFor() != 0) {
        throw new IllegalStateException("openssl " + args[0] + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
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
