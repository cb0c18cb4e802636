package io.serverlesskafka.devcluster.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * The on-disk and network layout of a {@link LocalKafkaCluster} and the Kafka configuration of its
 * nodes.
 *
 * <pre>
 * baseDir/
 *   cluster.properties        cluster.id, admin.user, admin.password (created once, mode 600)
 *   tls/ ...                  the cluster CA and the brokers' certificate, see {@link ClusterCa}
 *   controller-&lt;id&gt;/ ...      see {@link NodeConfig}
 *   broker-&lt;id&gt;/ ...
 * </pre>
 *
 * Ports are loopback only. With {@code basePort == 0} every listener gets a free port when its node
 * starts; otherwise node {@code n} uses {@code basePort + 3n} (CLIENT), {@code basePort + 3n + 1}
 * (REPLICATION) and {@code basePort + 3n + 2} (CONTROLLER).
 */
public final class ClusterLayout {

  public static final String CLIENT_LISTENER = "CLIENT";
  public static final String REPLICATION_LISTENER = "REPLICATION";
  public static final String CONTROLLER_LISTENER = "CONTROLLER";
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
  static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

  private final Path baseDir;
  private final String clusterId;
  private final String adminUser;
  private final String adminPassword;
  private final int basePort;

  /**
   * The CA whose broker certificate the CLIENT listener presents; null: the listener is
   * SASL_PLAINTEXT.
   */
  private final ClusterCa clientTls;

  private ClusterLayout(
      Path baseDir,
      String clusterId,
      String adminUser,
      String adminPassword,
      int basePort,
      ClusterCa clientTls) {
    this.baseDir = baseDir;
    this.clusterId = clusterId;
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
    this.basePort = basePort;
    this.clientTls = clientTls;
  }

  /**
   * The same layout with the CLIENT listener on SASL_SSL, presenting the broker certificate of the
   * CA.
   */
  public ClusterLayout withClientTls(ClusterCa ca) {
    return new ClusterLayout(baseDir, clusterId, adminUser, adminPassword, basePort, ca);
  }

  /** The CA of the TLS client listener, if the CLIENT listener encrypts. */
  public java.util.Optional<ClusterCa> clientTls() {
    return java.util.Optional.ofNullable(clientTls);
  }

  /** Kafka's security.protocol for clients of the CLIENT listener. */
  public String clientSecurityProtocol() {
    return clientTls != null ? "SASL_SSL" : "SASL_PLAINTEXT";
  }

  /**
   * Opens the layout in {@code baseDir}, creating it and {@code cluster.properties} on first use.
   * An existing cluster keeps its id and admin credentials (they are bootstrapped into the KRaft
   * metadata at format time); {@code adminUser}/{@code adminPassword} are only used for a new
   * cluster ({@code adminPassword == null}: a random one).
   */
  public static ClusterLayout open(
      Path baseDir, String adminUser, String adminPassword, int basePort) {
    try {
      Files.createDirectories(baseDir);
      Path file = baseDir.resolve("cluster.properties");
      Properties props = new Properties();
      if (Files.exists(file)) {
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          props.load(in);
        }
      } else {
        props.setProperty("cluster.id", Uuid.randomUuid().toString());
        props.setProperty("admin.user", adminUser);
        props.setProperty(
            "admin.password", adminPassword != null ? adminPassword : randomPassword());
        writePrivate(file, props);
      }
      return new ClusterLayout(
          baseDir.toAbsolutePath(),
          props.getProperty("cluster.id"),
          props.getProperty("admin.user"),
          props.getProperty("admin.password"),
          basePort,
          null);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the local Kafka cluster directory " + baseDir, e);
    }
  }

  public Path baseDir() {
    return baseDir;
  }

  public String clusterId() {
    return clusterId;
  }

  public String adminUser() {
    return adminUser;
  }

  public String adminPassword() {
    return adminPassword;
  }

  public Path nodeDir(NodeConfig.Role role, int nodeId) {
    return baseDir.resolve(role.processRoles() + "-" + nodeId);
  }

  /** A node with its ports: fixed ones derived from the base port, or free ones picked now. */
  public NodeConfig node(NodeConfig.Role role, int nodeId) {
    if (nodeId < 0) {
      throw new IllegalArgumentException("Node ids are non-negative: " + nodeId);
    }
    Path dir = nodeDir(role, nodeId);
    if (role == NodeConfig.Role.CONTROLLER) {
      return new NodeConfig(nodeId, role, dir, 0, 0, port(nodeId, 2));
    }
    return new NodeConfig(nodeId, role, dir, port(nodeId, 0), port(nodeId, 1), 0);
  }

  /** Ids of the brokers that have a formatted data directory under the base dir. */
  public SortedSet<Integer> brokerIdsOnDisk() {
    SortedSet<Integer> ids = new TreeSet<>();
    String prefix = NodeConfig.Role.BROKER.processRoles() + "-";
    try (Stream<Path> dirs = Files.list(baseDir)) {
      dirs.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix))
          .forEach(
              n -> {
                try {
                  int id = Integer.parseInt(n.substring(prefix.length()));
                  if (node(NodeConfig.Role.BROKER, id).isFormatted()) {
                    ids.add(id);
                  }
                } catch (NumberFormatException ignored) {
                  // not one of ours
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  /**
   * Writes {@code server.properties}, {@code logback.xml} and (for an unformatted node) {@code
   * format.args}.
   */
  public void writeNodeFiles(
      NodeConfig node,
      NodeConfig controller,
      int replicationFactor,
      Map<String, String> configOverrides) {
    try {
      Files.createDirectories(node.dataDir());
      Properties props = new Properties();
      props.putAll(serverProperties(node, controller, replicationFactor));
      props.putAll(configOverrides);
      writePrivate(node.serverProperties(), props);
      Files.writeString(node.logbackConfig(), logbackXml(node), StandardCharsets.UTF_8);
      if (node.isFormatted()) {
        Files.deleteIfExists(node.formatArgs());
      } else {
        List<String> args =
            new ArrayList<>(
                List.of(
                    "format",
                    "--cluster-id",
                    clusterId,
                    "--config",
                    node.serverProperties().toString(),
                    "--ignore-formatted"));
        if (node.role() == NodeConfig.Role.CONTROLLER) {
          args.addAll(
              List.of(
                  "--add-scram",
                  SCRAM_MECHANISM + "=[name=" + adminUser + ",password=" + adminPassword + "]"));
        }
        Files.write(node.formatArgs(), args, StandardCharsets.UTF_8);
        restrict(node.formatArgs());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the configuration of " + node.name(), e);
    }
  }

  Map<String, String> serverProperties(
      NodeConfig node, NodeConfig controller, int replicationFactor) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("node.id", Integer.toString(node.nodeId()));
    p.put("process.roles", node.role().processRoles());
    p.put(
        "controller.quorum.voters",
        controller.nodeId() + "@127.0.0.1:" + controller.controllerPort());
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("log.dirs", node.dataDir().toString());
    p.put("authorizer.class.name", AUTHORIZER);
    p.put("allow.everyone.if.no.acl.found", "false");
    p.put("num.io.threads", "2");
    p.put("num.network.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    if (node.role() == NodeConfig.Role.CONTROLLER) {
      p.put("listeners", CONTROLLER_LISTENER + "://127.0.0.1:" + node.controllerPort());
      p.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT");
      // Brokers reach the controller over PLAINTEXT: their principal there is ANONYMOUS.
      p.put("super.users", "User:" + adminUser + ";User:ANONYMOUS");
      return p;
    }
    String listeners =
        CLIENT_LISTENER
            + "://127.0.0.1:"
            + node.clientPort()
            + ","
            + REPLICATION_LISTENER
            + "://127.0.0.1:"
            + node.replicationPort();
    p.put("listeners", listeners);
    p.put("advertised.listeners", listeners);
    // Only the CLIENT listener leaves this machine's processes in spirit: replication and the
    // controller
    // stay on loopback in plain text (Strimzi encrypts those too, with certificates of its own).
    p.put(
        "listener.security.protocol.map",
        CONTROLLER_LISTENER
            + ":PLAINTEXT,"
            + CLIENT_LISTENER
            + ":"
            + clientSecurityProtocol()
            + ","
            + REPLICATION_LISTENER
            + ":SASL_PLAINTEXT");
    if (clientTls != null) {
      String prefix = "listener.name." + CLIENT_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
      p.put(prefix + "ssl.keystore.type", "PKCS12");
      p.put(prefix + "ssl.keystore.location", clientTls.brokerKeystore().toString());
      p.put(prefix + "ssl.keystore.password", clientTls.brokerKeystorePassword());
      p.put(prefix + "ssl.key.password", clientTls.brokerKeystorePassword());
      p.put(prefix + "ssl.client.auth", "none");
    }
    p.put("inter.broker.listener.name", REPLICATION_LISTENER);
    p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
    String scramModule = "org.apache.kafka.common.security.scram.ScramLoginModule required";
    p.put(
        "listener.name.client."
            + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT)
            + ".sasl.jaas.config",
        scramModule + ";");
    p.put(
        "listener.name.replication."
            + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT)
            + ".sasl.jaas.config",
        scramModule + " username=\"" + adminUser + "\" password=\"" + adminPassword + "\";");
    // Inter-broker traffic authenticates as the admin user; no anonymous super user on brokers.
    p.put("super.users", "User:" + adminUser);
    String rf = Integer.toString(replicationFactor);
    String minIsr = Integer.toString(Math.min(2, replicationFactor));
    p.put("default.replication.factor", rf);
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", rf);
    p.put("transaction.state.log.replication.factor", rf);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("share.coordinator.state.topic.replication.factor", rf);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    return p;
  }

  private static String logbackXml(NodeConfig node) {
    String log = node.serverLog().toString();
    return """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
                    <file>%1$s</file>
                    <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
                      <fileNamePattern>%1$s.%%i</fileNamePattern>
                      <minIndex>1</minIndex>
                      <maxIndex>3</maxIndex>
                    </rollingPolicy>
                    <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
                      <maxFileSize>20MB</maxFileSize>
                    </triggeringPolicy>
                    <encoder><pattern>%%d{ISO8601} %%-5level [%%thread] %%logger{36} - %%msg%%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka.clients" level="WARN"/>
                  <logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """
        .formatted(log);
  }

  private int port(int nodeId, int offset) {
    if (basePort > 0) {
      return basePort + 3 * nodeId + offset;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }

  private static String randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static void writePrivate(Path file, Properties props) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      props.store(out, "Written by LocalKafkaCluster");
    }
    restrict(tmp);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
  }
}
