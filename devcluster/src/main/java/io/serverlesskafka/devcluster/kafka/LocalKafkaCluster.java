package io.serverlesskafka.devcluster.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster in KRaft mode on loopback, for the local Strimzi stand-in: one controller
 * process (the quorum is fixed at start) and any number of broker processes, each its own JVM (see
 * {@link KafkaNodeProcess}), like Strimzi's controller and broker node pools.
 *
 * <p>Secure from the first start: clients use SCRAM-SHA-512 on the {@code CLIENT} listener (over
 * TLS with {@link Builder#tls(boolean)}, the brokers presenting a certificate of the cluster's
 * {@link ClusterCa}), the admin super user's credential is bootstrapped when the controller's
 * storage is formatted, and the {@code StandardAuthorizer} denies everything not allowed by an ACL.
 * Data lives under the base directory and survives {@link #stop()}/{@link #start()}; see {@link
 * ClusterLayout}.
 *
 * <pre>{@code
 * try (LocalKafkaCluster cluster = LocalKafkaCluster.builder(dir).brokerIds(List.of(1, 2)).build()) {
 *     cluster.start();
 *     cluster.admin().createTopic("orders", 3, 2, Map.of());
 *     cluster.addBroker(3);
 * }
 * }</pre>
 */
public final class LocalKafkaCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);

  /** Attempts to start nodes on freshly picked free ports. */
  private static final int PORT_ATTEMPTS = 3;

  private final ClusterLayout layout;
  private final ClusterCa clusterCa;
  private final int controllerNodeId;
  private final int basePort;
  private final List<Integer> initialBrokerIds;
  private final int replicationFactor;
  private final Map<String, String> brokerConfig;
  private final List<String> jvmOptions;
  private final Duration startTimeout;
  private final Duration stopTimeout;
  private final Duration adminTimeout;
  private final String classpath;

  private final Map<Integer, KafkaNodeProcess> brokers = new ConcurrentSkipListMap<>();
  private volatile KafkaNodeProcess controller;
  private volatile KafkaAdminOperations admin;
  private Thread shutdownHook;

  /** Restarts brokers that die without being stopped, as a kubelet restarts a crashed pod. */
  private final java.util.concurrent.ScheduledExecutorService kubelet =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "local-kafka-restarts");
            t.setDaemon(true);
            return t;
          });

  private final Map<Integer, Integer> crashes = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Brokers being stopped on purpose (the whole cluster, or one removed): their exit is no crash.
   */
  private final Set<KafkaNodeProcess> stopping = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private LocalKafkaCluster(Builder b) {
    ClusterLayout plain = ClusterLayout.open(b.baseDir, b.adminUser, b.adminPassword, b.basePort);
    // The CA is made (and kept) whether or not the listener encrypts, as Strimzi always has a
    // cluster CA.
    ClusterCa ca =
        ClusterCa.open(plain.baseDir().resolve("tls"), plain.baseDir().getFileName().toString());
    this.layout = b.tls ? plain.withClientTls(ca) : plain;
    this.clusterCa = ca;
    this.basePort = b.basePort;
    this.controllerNodeId = b.controllerNodeId;
    this.initialBrokerIds = List.copyOf(b.brokerIds);
    this.replicationFactor =
        b.replicationFactor > 0
            ? b.replicationFactor
            : Math.min(3, Math.max(1, b.brokerIds.size()));
    this.brokerConfig = Map.copyOf(b.brokerConfig);
    this.jvmOptions = List.copyOf(b.jvmOptions);
    this.startTimeout = b.startTimeout;
    this.stopTimeout = b.stopTimeout;
    this.adminTimeout = b.adminTimeout;
    this.classpath = b.classpath != null ? b.classpath : KafkaClasspath.resolve();
    if (initialBrokerIds.contains(controllerNodeId)) {
      throw new IllegalArgumentException(
          "Broker ids "
              + initialBrokerIds
              + " include the controller's node id "
              + controllerNodeId);
    }
  }

  public static Builder builder(Path baseDir) {
    return new Builder(baseDir);
  }

  /**
   * Starts the controller and the brokers: the builder's broker ids plus every broker with a
   * formatted data directory from an earlier run. Returns once all brokers are registered and
   * unfenced.
   */
  public synchronized void start() {
    if (controller != null) {
      throw new IllegalStateException("The local Kafka cluster is already started");
    }
    SortedSet<Integer> brokerIds = new TreeSet<>(initialBrokerIds);
    brokerIds.addAll(layout.brokerIdsOnDisk());
    if (brokerIds.isEmpty()) {
      throw new IllegalStateException("A local Kafka cluster needs at least one broker");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        startNodes(brokerIds);
        return;
      } catch (RuntimeException e) {
        if (!isPortTaken(e) || attempt == PORT_ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "A port picked for the local Kafka cluster was taken meanwhile; starting again on new ports");
      }
    }
  }

  private void startNodes(SortedSet<Integer> brokerIds) {
    registerShutdownHook();
    long started = System.nanoTime();
    try {
      NodeConfig controllerNode = layout.node(NodeConfig.Role.CONTROLLER, controllerNodeId);
      layout.writeNodeFiles(controllerNode, controllerNode, replicationFactor, Map.of());
      controller = KafkaNodeProcess.start(controllerNode, jvmOptions, classpath);
      // Brokers start at once: they retry until the controller listens, and the JVMs warm up in
      // parallel.
      for (int id : brokerIds) {
        launchBroker(id);
      }
      awaitListening(brokerIds);
      admin = KafkaAdminOperations.create(adminProperties(), adminTimeout);
      awaitBrokers(brokerIds);
      LOG.info(
          "Local Kafka cluster {} started in {} ms: controller {}, brokers {}, bootstrap {}",
          layout.clusterId(),
          (System.nanoTime() - started) / 1_000_000,
          controllerNodeId,
          brokerIds,
          bootstrapServers());
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** Starts a new broker and waits until it is registered and unfenced. */
  public synchronized void addBroker(int nodeId) {
    requireStarted();
    if (nodeId == controllerNodeId || brokers.containsKey(nodeId)) {
      throw new IllegalArgumentException(
          "Node id " + nodeId + " is already used in the local Kafka cluster");
    }
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      KafkaNodeProcess process = launchBroker(nodeId);
      try {
        awaitListening(Set.of(nodeId));
        awaitBrokers(Set.of(nodeId));
        break;
      } catch (RuntimeException e) {
        brokers.remove(nodeId);
        stopping.add(process);
        process.stop(stopTimeout);
        if (!isPortTaken(e) || attempt == PORT_ATTEMPTS) {
          forgetFailedBroker(nodeId, process.node());
          throw e;
        }
        LOG.warn(
            "A port picked for broker {} was taken meanwhile; starting it again on new ports",
            nodeId);
      }
    }
    LOG.info("Broker {} added in {} ms", nodeId, (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Removes a broker: refuses with {@link BrokerHasReplicasException} while it hosts partition
   * replicas; otherwise stops its process cleanly, unregisters it from the KRaft metadata and
   * deletes its directory.
   */
  public synchronized void removeBroker(int nodeId) {
    requireStarted();
    KafkaNodeProcess process = brokers.get(nodeId);
    if (process == null) {
      throw new IllegalArgumentException(
          "No broker " + nodeId + " in the local Kafka cluster; brokers are " + brokerIds());
    }
    Map<TopicPartition, List<Integer>> hosted = admin.partitionsOnBroker(nodeId);
    if (!hosted.isEmpty()) {
      throw new BrokerHasReplicasException(nodeId, hosted);
    }
    stopping.add(process);
    process.stop(stopTimeout);
    brokers.remove(nodeId);
    admin.unregisterBroker(nodeId);
    deleteRecursively(process.node().nodeDir());
    // KAFKA-20673 (Kafka clients before the fix): an Admin that cached this broker as a partition's
    // leader
    // sends listOffsets there forever once it has left. A fresh client has no such cache.
    admin.close();
    admin = KafkaAdminOperations.create(adminProperties(), adminTimeout);
    // The new client may first ask a broker whose metadata has not seen the unregistration yet.
    long deadline = System.nanoTime() + adminTimeout.toNanos();
    while (admin.brokerIds().contains(nodeId) && System.nanoTime() < deadline) {
      sleep(200);
    }
    LOG.info("Broker {} removed", nodeId);
  }

  /**
   * Stops every node (brokers first, with a controlled shutdown, then the controller), waiting for
   * the exits and killing what does not stop within the stop timeout. The data stays.
   */
  public synchronized void stop() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
    List<KafkaNodeProcess> all = new ArrayList<>(brokers.values());
    stopping.addAll(all);
    all.forEach(KafkaNodeProcess::requestStop);
    all.forEach(p -> p.awaitStop(stopTimeout));
    brokers.clear();
    if (controller != null) {
      controller.stop(stopTimeout);
      controller = null;
    }
    removeShutdownHook();
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isRunning() {
    return controller != null;
  }

  /**
   * {@code host:port} list of the brokers' CLIENT listeners (SCRAM-SHA-512, over TLS if {@link
   * #tls()}).
   */
  public String bootstrapServers() {
    requireStarted();
    return brokers.values().stream()
        .map(p -> p.node().clientAddress())
        .collect(Collectors.joining(","));
  }

  /** Client properties (bootstrap servers and SASL) for the admin super user. */
  public Map<String, Object> adminProperties() {
    return clientProperties(layout.adminUser(), layout.adminPassword());
  }

  /**
   * Client properties (bootstrap servers, SASL/SCRAM-SHA-512 and, with TLS, the CA to trust) for
   * any user.
   */
  public Map<String, Object> clientProperties(String user, String password) {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, layout.clientSecurityProtocol());
    if (tls()) {
      props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
      props.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, clusterCa.caCertificatePem());
    }
    props.put(SaslConfigs.SASL_MECHANISM, ClusterLayout.SCRAM_MECHANISM);
    props.put(
        SaslConfigs.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\""
            + escape(user)
            + "\" password=\""
            + escape(password)
            + "\";");
    return props;
  }

  /** Whether the CLIENT listener is SASL_SSL (else SASL_PLAINTEXT). */
  public boolean tls() {
    return layout.clientTls().isPresent();
  }

  /**
   * The cluster CA, whose certificate clients of the TLS listener trust; kept with the cluster's
   * data.
   */
  public ClusterCa clusterCa() {
    return clusterCa;
  }

  /** Ids of the brokers this cluster runs. */
  public SortedSet<Integer> brokerIds() {
    return new TreeSet<>(brokers.keySet());
  }

  public int controllerNodeId() {
    return controllerNodeId;
  }

  /** The Admin-API operations, as the admin super user. */
  public KafkaAdminOperations admin() {
    requireStarted();
    return admin;
  }

  public String clusterId() {
    return layout.clusterId();
  }

  public String adminUser() {
    return layout.adminUser();
  }

  public String adminPassword() {
    return layout.adminPassword();
  }

  public int replicationFactor() {
    return replicationFactor;
  }

  public ClusterLayout layout() {
    return layout;
  }

  /** The node configuration (directory, ports) of a running node. */
  public Optional<NodeConfig> node(int nodeId) {
    KafkaNodeProcess controllerProcess = controller;
    if (controllerProcess != null && nodeId == controllerNodeId) {
      return Optional.of(controllerProcess.node());
    }
    return Optional.ofNullable(brokers.get(nodeId)).map(KafkaNodeProcess::node);
  }

  /** The process of a running node. */
  public Optional<ProcessHandle> process(int nodeId) {
    KafkaNodeProcess controllerProcess = controller;
    if (controllerProcess != null && nodeId == controllerNodeId) {
      return Optional.of(controllerProcess.handle());
    }
    return Optional.ofNullable(brokers.get(nodeId)).map(KafkaNodeProcess::handle);
  }

  /** Handles of the running node processes (controller first). */
  public List<ProcessHandle> processes() {
    List<ProcessHandle> handles = new ArrayList<>();
    KafkaNodeProcess controllerProcess = controller;
    if (controllerProcess != null) {
      handles.add(controllerProcess.handle());
    }
    brokers.values().forEach(p -> handles.add(p.handle()));
    return handles;
  }

  // -------------------------------------------------------------------------------------------
  // private

  private KafkaNodeProcess launchBroker(int nodeId) {
    NodeConfig node = layout.node(NodeConfig.Role.BROKER, nodeId);
    layout.writeNodeFiles(node, controller.node(), replicationFactor, brokerConfig);
    KafkaNodeProcess process = KafkaNodeProcess.start(node, jvmOptions, classpath);
    brokers.put(nodeId, process);
    process.handle().onExit().thenRun(() -> brokerExited(nodeId, process));
    return process;
  }

  /**
   * A broker process ended. Stopped or removed on purpose, it is no longer this cluster's process
   * for its id (both happen under this object's lock, which the restart takes too). Otherwise it
   * crashed or was killed: it is started again on the same ports and data, after a back-off that
   * doubles per crash up to 30 s, as a kubelet does for a pod with {@code restartPolicy: Always}.
   */
  private void brokerExited(int nodeId, KafkaNodeProcess process) {
    if (stopping.remove(process) || brokers.get(nodeId) != process || controller == null) {
      return;
    }
    int crash = crashes.merge(nodeId, 1, Integer::sum);
    long delayMillis = Math.min(30_000L, 1_000L << Math.min(crash - 1, 5));
    LOG.warn(
        "Broker {} exited unexpectedly; restarting it in {} ms (crash {})",
        nodeId,
        delayMillis,
        crash);
    kubelet.schedule(
        () -> restartCrashed(nodeId, process),
        delayMillis,
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private synchronized void restartCrashed(int nodeId, KafkaNodeProcess crashed) {
    if (brokers.get(nodeId) != crashed || controller == null) {
      return;
    }
    try {
      launchBroker(nodeId);
      LOG.info("Broker {} restarted after a crash", nodeId);
    } catch (RuntimeException e) {
      LOG.warn("Broker {} could not be restarted: {}", nodeId, e.toString());
      brokerExited(nodeId, crashed);
    }
  }

  /** How many times each broker was restarted after a crash. */
  public Map<Integer, Integer> crashRestarts() {
    return Map.copyOf(crashes);
  }

  /**
   * Waits until the brokers' client listeners accept connections (so the Admin client does not log
   * refusals).
   */
  private void awaitListening(Set<Integer> expected) {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    for (int id : expected) {
      KafkaNodeProcess process = brokers.get(id);
      while (!accepts(process.node().clientPort())) {
        controller.checkAlive();
        process.checkStarting();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Broker "
                  + id
                  + " did not listen on "
                  + process.node().clientAddress()
                  + " within "
                  + startTimeout
                  + "; end of its logs:\n"
                  + process.logTail(30));
        }
        sleep(200);
      }
    }
  }

  private static boolean accepts(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits until the brokers are registered and unfenced, failing fast when a node process exits.
   */
  private void awaitBrokers(Set<Integer> expected) {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      controller.checkAlive();
      for (int id : expected) {
        brokers.get(id).checkStarting();
      }
      try {
        Set<Integer> registered = admin.brokerIds(Duration.ofSeconds(3));
        if (registered.containsAll(expected)) {
          return;
        }
        last = new IllegalStateException("registered brokers are " + registered);
      } catch (RuntimeException e) {
        last = e; // not reachable yet
      }
      sleep(250);
    }
    StringBuilder logs = new StringBuilder();
    for (int id : expected) {
      logs.append(brokers.get(id).logTail(20));
    }
    throw new IllegalStateException(
        "Brokers "
            + expected
            + " were not registered within "
            + startTimeout
            + " (last: "
            + last
            + "); end of their logs:\n"
            + logs,
        last);
  }

  /**
   * Best effort after a failed addBroker: no registration and no directory left that a later start
   * would revive.
   */
  private void forgetFailedBroker(int nodeId, NodeConfig node) {
    try {
      admin.unregisterBroker(nodeId);
    } catch (RuntimeException notRegistered) {
      LOG.debug("Broker {} was not registered", nodeId, notRegistered);
    }
    try {
      deleteRecursively(node.nodeDir());
    } catch (UncheckedIOException e) {
      LOG.warn("Cannot delete {} of the failed broker {}", node.nodeDir(), nodeId, e);
    }
  }

  /**
   * A node failed because a free port picked for it was bound by someone else before the node bound
   * it.
   */
  private boolean isPortTaken(RuntimeException e) {
    return basePort == 0
        && e.getMessage() != null
        && e.getMessage().contains("Address already in use");
  }

  private void requireStarted() {
    if (controller == null) {
      throw new IllegalStateException("The local Kafka cluster is not started");
    }
  }

  private synchronized void registerShutdownHook() {
    if (shutdownHook == null) {
      shutdownHook = new Thread(this::stopOnJvmExit, "local-kafka-cluster-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  private synchronized void removeShutdownHook() {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException jvmAlreadyExiting) {
        // the hook is running
      }
      shutdownHook = null;
    }
  }

  /**
   * Shutdown hook: no locks (stop() may be in progress). Brokers first, then the controller: a
   * broker's controlled shutdown needs the controller, and stopping both at once makes every broker
   * wait out its timeout. SIGKILL what remains after the deadline.
   */
  private void stopOnJvmExit() {
    List<KafkaNodeProcess> brokerProcesses = new ArrayList<>(brokers.values());
    // stopped on purpose: their exits are no crash to restart from (stop() may be racing this hook)
    stopping.addAll(brokerProcesses);
    brokerProcesses.forEach(KafkaNodeProcess::requestStop);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    for (KafkaNodeProcess p : brokerProcesses) {
      p.awaitStop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    KafkaNodeProcess controllerProcess = controller;
    if (controllerProcess != null) {
      controllerProcess.requestStop();
      controllerProcess.awaitStop(Duration.ofSeconds(10));
    }
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }

  /** Settings of a {@link LocalKafkaCluster}. */
  public static final class Builder {
    private final Path baseDir;
    private int controllerNodeId = 0;
    private List<Integer> brokerIds = List.of(1);
    private String adminUser = "admin";
    private String adminPassword;
    private int basePort = 0;
    private int replicationFactor = 0;
    private final Map<String, String> brokerConfig = new LinkedHashMap<>();
    private List<String> jvmOptions = KafkaNodeProcess.DEFAULT_JVM_OPTIONS;
    private Duration startTimeout = Duration.ofSeconds(90);
    private Duration stopTimeout = Duration.ofSeconds(30);
    private Duration adminTimeout = Duration.ofSeconds(30);
    private String classpath;
    private boolean tls;

    private Builder(Path baseDir) {
      this.baseDir = baseDir;
    }

    /** Node id of the KRaft controller (default 0). */
    public Builder controllerNodeId(int id) {
      this.controllerNodeId = id;
      return this;
    }

    /**
     * SCRAM over TLS on the CLIENT listener, with the certificate of the cluster's own CA (default:
     * plain text).
     */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** Ids of the brokers {@link #start()} starts (default [1]). */
    public Builder brokerIds(List<Integer> ids) {
      this.brokerIds = List.copyOf(ids);
      return this;
    }

    /** Admin super user of a new cluster (default "admin"); an existing cluster keeps its own. */
    public Builder adminUser(String user) {
      this.adminUser = user;
      return this;
    }

    /** Admin password of a new cluster (default: random, kept in cluster.properties). */
    public Builder adminPassword(String password) {
      this.adminPassword = password;
      return this;
    }

    /** 0 (default): free ports at each start; otherwise fixed ports, see {@link ClusterLayout}. */
    public Builder basePort(int port) {
      this.basePort = port;
      return this;
    }

    /** Default/internal topics' replication factor (default min(3, number of initial brokers)). */
    public Builder replicationFactor(int rf) {
      this.replicationFactor = rf;
      return this;
    }

    /** Extra broker configuration, overriding the generated one. */
    public Builder brokerConfig(String key, String value) {
      this.brokerConfig.put(key, value);
      return this;
    }

    /** JVM options of every node (default {@link KafkaNodeProcess#DEFAULT_JVM_OPTIONS}). */
    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = timeout;
      return this;
    }

    public Builder adminTimeout(Duration timeout) {
      this.adminTimeout = timeout;
      return this;
    }

    /** Classpath of the node JVMs (default {@link KafkaClasspath#resolve()}). */
    public Builder classpath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    public LocalKafkaCluster build() {
      return new LocalKafkaCluster(this);
    }
  }
}
