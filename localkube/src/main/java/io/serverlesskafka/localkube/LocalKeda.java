package io.serverlesskafka.localkube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEDA's real operator beside the local API server, built by scripts/build-keda.sh: it reads
 * consumer lag from the brokers with the credentials of the operator's TriggerAuthentications and
 * scales Deployments between zero and one replica through their scale subresource. When its metrics
 * API server (keda-adapter) is built too, that runs as well and is registered as the APIService
 * v1beta1.external.metrics.k8s.io: the HPA controller of the local controller manager then reads
 * the lag through kube-apiserver and scales from 1 to N replicas.
 *
 * <p>The aggregator reaches an APIService through a Service, and a Service's endpoints cannot be
 * loopback addresses; a Service of type ExternalName can name {@code localhost}, and kube-apiserver
 * (with --enable-aggregator-routing=false, the default) sends the requests to {@code
 * https://<externalName>:<APIService port>}. All of KEDA's CRDs are installed first; its gRPC
 * metrics service and the metrics API server share one self-signed certificate (the adapter also
 * uses it as its gRPC client certificate), since no certificate rotation (a Secret, Services) runs
 * here; the APIService names it as its CA.
 *
 * <p>Like {@link LocalControllerManager}, it runs under a shell that waits on its standard input,
 * so it stops when the owning JVM dies, and in a session of its own so that Ctrl-C leaves its stop
 * to the owner.
 */
public final class LocalKeda implements AutoCloseable {
  public static final String VERSION = "2.18.0";

  /** Where scripts/build-keda.sh puts the binaries and CRDs (KEDA_DIR overrides). */
  public static final Path HOME =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "KEDA_DIR",
                  System.getProperty("user.home")
                      + "/.kubeapitest/keda/v"
                      + VERSION
                      + "-linux-amd64"));

  /**
   * The namespace KEDA treats as its own (cluster-scoped trigger authentications, events about
   * itself).
   */
  public static final String NAMESPACE = "keda";

  /** The Service the APIService points at: ExternalName localhost. */
  public static final String METRICS_SERVICE = "keda-metrics-apiserver";

  /** The APIService of KEDA's metrics API server. */
  public static final String API_SERVICE = "v1beta1.external.metrics.k8s.io";

  private static final Logger LOG = LoggerFactory.getLogger(LocalKeda.class);

  private final KubernetesClient client;
  private final Process process;
  private final Path log;
  private final Process adapter;
  private final Path adapterLog;

  private LocalKeda(
      KubernetesClient client, Process process, Path log, Process adapter, Path adapterLog) {
    this.client = client;
    this.process = process;
    this.log = log;
    this.adapter = adapter;
    this.adapterLog = adapterLog;
  }

  /** True when scripts/build-keda.sh has built KEDA's operator. */
  public static boolean built() {
    return Files.isExecutable(HOME.resolve("keda-operator"))
        && Files.isRegularFile(HOME.resolve("crds/.complete"));
  }

  /** True when scripts/build-keda.sh has built KEDA's metrics API server as well. */
  public static boolean adapterBuilt() {
    return Files.isExecutable(HOME.resolve("keda-adapter"));
  }

  /**
   * Installs KEDA's CRDs and starts its operator against the API server in {@code kubeconfig}; its
   * log and certificate go under {@code workDir}.
   */
  public static LocalKeda start(KubernetesClient client, Path kubeconfig, Path workDir) {
    if (!built()) {
      throw new IllegalStateException(
          "KEDA's operator not found in "
              + HOME
              + ": run scripts/build-keda.sh (bin/test does it for you)");
    }
    try (Stream<Path> files = Files.list(HOME.resolve("crds"))) {
      new CrdInstaller(client)
          .installFiles(files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    Path certDir = workDir.resolve("keda-certs");
    Path log = workDir.resolve("keda.log");
    Process process = null;
    Process adapter = null;
    try {
      writeSelfSignedCertificate(certDir);
      String grpcAddress = "127.0.0.1:" + freePort();
      process =
          startSupervised(
              HOME.resolve("keda-operator"),
              List.of(
                  "--leader-elect=false",
                  // nothing scrapes or probes it here: no port to allocate for them
                  "--metrics-bind-address=0",
                  "--health-probe-bind-address=0",
                  // the gRPC service the metrics API server reads from; loopback only, on a free
                  // port
                  "--metrics-service-bind-address=" + grpcAddress,
                  "--cert-dir=" + certDir,
                  "--enable-cert-rotation=false",
                  "--ca-dir=" + certDir,
                  "--zap-log-level=info"),
              kubeconfig,
              log);
      LOG.info("KEDA {} operator started, log in {}", VERSION, log);
      if (!adapterBuilt()) {
        LOG.info(
            "KEDA's metrics API server not built ({} missing): Deployments scale 0 <-> 1 only",
            HOME.resolve("keda-adapter"));
        return new LocalKeda(client, process, log, null, null);
      }
      Path adapterLog = workDir.resolve("keda-adapter.log");
      int securePort = freePort();
      adapter =
          startSupervised(
              HOME.resolve("keda-adapter"),
              List.of(
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + securePort,
                  "--tls-cert-file=" + certDir.resolve("tls.crt"),
                  "--tls-private-key-file=" + certDir.resolve("tls.key"),
                  // also where its gRPC client finds ca.crt, tls.crt and tls.key for the operator
                  "--cert-dir=" + certDir,
                  "--metrics-service-address=" + grpcAddress,
                  // its own Prometheus endpoint listens on all interfaces: a free port at least
                  "--port=" + freePort(),
                  "--kubeconfig=" + kubeconfig,
                  "--lister-kubeconfig=" + kubeconfig,
                  "--authentication-kubeconfig=" + kubeconfig,
                  "--authorization-kubeconfig=" + kubeconfig,
                  "--profiling=false",
                  "--zap-log-level=info"),
              kubeconfig,
              adapterLog);
      LOG.info("KEDA {} metrics API server started, log in {}", VERSION, adapterLog);
      registerApiService(client, securePort, Files.readString(certDir.resolve("ca.crt")));
      return new LocalKeda(client, process, log, adapter, adapterLog);
    } catch (IOException | RuntimeException e) {
      if (adapter != null) {
        stop(adapter);
      }
      if (process != null) {
        stop(process);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("could not start KEDA", io);
      }
      throw (RuntimeException) e;
    }
  }

  private static Process startSupervised(Path binary, List<String> args, Path kubeconfig, Path log)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(args);
    command = OwnSession.supervised(command);
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("WATCH_NAMESPACE", "");
    builder.environment().put("POD_NAMESPACE", NAMESPACE);
    builder.environment().put("KEDA_CLUSTER_OBJECT_NAMESPACE", NAMESPACE);
    return builder.start();
  }

  /**
   * The Service (ExternalName localhost: kube-apiserver resolves it to https://localhost:<port of
   * the APIService>) and the APIService that make kube-apiserver serve KEDA's external metrics.
   */
  private static void registerApiService(KubernetesClient client, int port, String caCertificate) {
    client
        .services()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(METRICS_SERVICE)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withType("ExternalName")
                .withExternalName("localhost")
                .addNewPort()
                .withName("https")
                .withPort(port)
                .endPort()
                .endSpec()
                .build())
        .forceConflicts()
        .serverSideApply();
    GenericKubernetesResource apiService = new GenericKubernetesResource();
    apiService.setApiVersion("apiregistration.k8s.io/v1");
    apiService.setKind("APIService");
    apiService.setMetadata(new ObjectMetaBuilder().withName(API_SERVICE).build());
    apiService.setAdditionalProperty(
        "spec",
        Map.of(
            "group",
            "external.metrics.k8s.io",
            "version",
            "v1beta1",
            "groupPriorityMinimum",
            100,
            "versionPriority",
            100,
            // the certificate names keda-metrics-apiserver.keda.svc, the name the aggregator checks
            "caBundle",
            Base64.getEncoder().encodeToString(caCertificate.getBytes(StandardCharsets.US_ASCII)),
            "service",
            Map.of("namespace", NAMESPACE, "name", METRICS_SERVICE, "port", port)));
    client
        .genericKubernetesResources(API_SERVICE_CONTEXT)
        .resource(apiService)
        .forceConflicts()
        .serverSideApply();
  }

  private static final ResourceDefinitionContext API_SERVICE_CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup("apiregistration.k8s.io")
          .withVersion("v1")
          .withPlural("apiservices")
          .withKind("APIService")
          .withNamespaced(false)
          .build();

  /** True when its metrics API server runs (scripts/build-keda.sh built it). */
  public boolean servesMetricsApi() {
    return adapter != null;
  }

  /** The status of the APIService's Available condition ("True", "False"), or null. */
  @SuppressWarnings("unchecked")
  public String apiServiceAvailable() {
    GenericKubernetesResource apiService =
        client.genericKubernetesResources(API_SERVICE_CONTEXT).withName(API_SERVICE).get();
    if (apiService == null
        || !(apiService.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    return conditions.stream()
        .map(c -> (Map<String, Object>) c)
        .filter(c -> "Available".equals(c.get("type")))
        .map(
            c ->
                c.get("status") + (("True".equals(c.get("status"))) ? "" : ": " + c.get("message")))
        .findFirst()
        .orElse(null);
  }

  static void writeSelfSignedCertificate(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (namesMetricsService(dir.resolve("tls.crt"))) {
      return;
    }
    // none yet, or one of an earlier version (bin/dev keeps .dev/keda-certs) without the name the
    // aggregator verifies
    for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
      Files.deleteIfExists(dir.resolve(file));
    }
    // self-signed, so the certificate is its own CA (ca.crt): KEDA's operator serves its metrics
    // service with it, the metrics API server serves the aggregator and presents it as its gRPC
    // client certificate
    try {
      KeyPair key = Certificates.newKeyPair();
      X500Name name = new X500Name("CN=keda-operator");
      X509v3CertificateBuilder certificate = Certificates.builder(name, name, key.getPublic());
      certificate.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      certificate.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "keda-operator.keda.svc"),
                new GeneralName(GeneralName.dNSName, METRICS_SERVICE + ".keda.svc")
              }));
      String pem =
          Certificates.pem(
              "CERTIFICATE", Certificates.sign(certificate, key.getPrivate()).getEncoded());
      Files.writeString(
          dir.resolve("tls.key"), Certificates.pem("PRIVATE KEY", key.getPrivate().getEncoded()));
      Files.writeString(dir.resolve("tls.crt"), pem);
      Files.writeString(dir.resolve("ca.crt"), pem);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("could not make KEDA's certificate", e);
    }
  }

  static boolean namesMetricsService(Path certificate) {
    if (!Files.isRegularFile(certificate)) {
      return false;
    }
    try (var in = Files.newInputStream(certificate)) {
      var x509 =
          (java.security.cert.X509Certificate)
              java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      var names = x509.getSubjectAlternativeNames();
      return names != null
          && names.stream().anyMatch(n -> (METRICS_SERVICE + ".keda.svc").equals(n.get(1)));
    } catch (IOException | java.security.cert.CertificateException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /**
   * Waits until its ScaledObject controller runs and, with the metrics API server, until
   * kube-apiserver reports the APIService available; fails when a process exits first.
   */
  public LocalKeda awaitStarted(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String available = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "KEDA's operator exited with " + process.exitValue() + "; its log ends:\n" + tail(log));
      }
      if (adapter != null && !adapter.isAlive()) {
        throw new IllegalStateException(
            "KEDA's metrics API server exited with "
                + adapter.exitValue()
                + "; its log ends:\n"
                + tail(adapterLog));
      }
      if (logContains("Starting workers") && logContains("scaledobject")) {
        if (adapter == null) {
          return this;
        }
        available = apiServiceAvailable();
        if ("True".equals(available)) {
          return this;
        }
      }
      sleep(200);
    }
    throw new IllegalStateException(
        "KEDA did not start within "
            + timeout
            + (adapter == null
                ? ""
                : " (APIService " + API_SERVICE + " Available: " + available + ")")
            + "; its log ends:\n"
            + tail(log)
            + (adapter == null ? "" : "\nits metrics API server's log ends:\n" + tail(adapterLog)));
  }

  public Path adapterLog() {
    return adapterLog;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(" + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  private boolean logContains(String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Removes the APIService (an unavailable one would fail API discovery, and with it namespace
   * deletion, while the API server runs on), then stops its processes through their supervisors'
   * input; forcibly when that does not end one within 10 s.
   */
  @Override
  public void close() {
    if (adapter != null) {
      try {
        client.genericKubernetesResources(API_SERVICE_CONTEXT).withName(API_SERVICE).delete();
      } catch (RuntimeException e) {
        LOG.debug("could not remove the APIService {}", API_SERVICE, e);
      }
    }
    // both at once: the owner's stop (bin/dev's Ctrl-C) waits for this
    closeInput(adapter);
    closeInput(process);
    if (adapter != null) {
      stop(adapter);
    }
    stop(process);
  }

  private static void closeInput(Process process) {
    if (process == null) {
      return;
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // stop() forces it
    }
  }

  private static void stop(Process process) {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
