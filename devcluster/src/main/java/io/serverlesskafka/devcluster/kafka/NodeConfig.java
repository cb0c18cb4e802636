package io.serverlesskafka.devcluster.kafka;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Kafka node of a {@link LocalKafkaCluster}: its id, role, directory and loopback ports.
 *
 * <p>Files under {@code nodeDir}: {@code server.properties}, {@code logback.xml}, {@code
 * server.log} (Kafka's log), {@code stdout.log} (the JVM's stdout/stderr), {@code node.pid} while
 * running, {@code data/} (log dir and KRaft metadata; formatted once, {@code data/meta.properties}
 * marks it as formatted).
 *
 * @param clientPort SCRAM-SHA-512 listener {@code CLIENT} of a broker (SASL_SSL or SASL_PLAINTEXT),
 *     0 for the controller
 * @param replicationPort SASL_PLAINTEXT/SCRAM-SHA-512 inter-broker listener {@code REPLICATION}, 0
 *     for the controller
 * @param controllerPort PLAINTEXT listener {@code CONTROLLER} of the controller, 0 for a broker
 */
public record NodeConfig(
    int nodeId, Role role, Path nodeDir, int clientPort, int replicationPort, int controllerPort) {

  public enum Role {
    CONTROLLER,
    BROKER;

    String processRoles() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Path dataDir() {
    return nodeDir.resolve("data");
  }

  public Path serverProperties() {
    return nodeDir.resolve("server.properties");
  }

  public Path logbackConfig() {
    return nodeDir.resolve("logback.xml");
  }

  public Path serverLog() {
    return nodeDir.resolve("server.log");
  }

  public Path stdoutLog() {
    return nodeDir.resolve("stdout.log");
  }

  public Path pidFile() {
    return nodeDir.resolve("node.pid");
  }

  public Path formatArgs() {
    return nodeDir.resolve("format.args");
  }

  public boolean isFormatted() {
    return Files.exists(dataDir().resolve("meta.properties"));
  }

  public String clientAddress() {
    return "127.0.0.1:" + clientPort;
  }

  public String name() {
    return role.processRoles() + "-" + nodeId;
  }
}
