package io.serverlesskafka.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gateway}: serves Upstash's Kafka REST API for one Kafka cluster. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description =
        "Upstash-compatible HTTP gateway for a Kafka cluster; callers authenticate with their topic's SCRAM"
            + " credentials, which the gateway uses against the brokers.")
public final class GatewayMain implements Callable<Integer> {

  @Option(
      names = "--bootstrap-servers",
      required = true,
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
      description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS)")
  String bootstrapServers;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "address to listen on (default ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8082",
      description = "HTTP port, 0 for any free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--security-protocol",
      defaultValue = ClientSettings.DEFAULT_SECURITY_PROTOCOL,
      description = "SASL_PLAINTEXT or SASL_SSL (default ${DEFAULT-VALUE})")
  String securityProtocol;

  @Option(
      names = "--sasl-mechanism",
      defaultValue = ClientSettings.DEFAULT_SASL_MECHANISM,
      description = "SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN (default ${DEFAULT-VALUE})")
  String saslMechanism;

  @Option(
      names = "--client-config",
      description =
          "properties file with more Kafka client settings, e.g."
              + " ssl.truststore.location / ssl.truststore.type=PEM for SASL_SSL; credentials in it are ignored")
  Path clientConfig;

  @Option(
      names = "--truststore-pem",
      description =
          "PEM file of the CA that signs the brokers' certificates, for"
              + " SASL_SSL (sets ssl.truststore.type=PEM and ssl.truststore.location)")
  Path truststorePem;

  @Option(
      names = "--max-credentials",
      defaultValue = "1000",
      description = "credentials whose Kafka clients are kept (default ${DEFAULT-VALUE})")
  int maxCredentials;

  @Option(
      names = "--credential-idle-timeout",
      defaultValue = "PT10M",
      description = "close a credential's clients after this idle time (default ${DEFAULT-VALUE})")
  Duration credentialIdleTimeout;

  @Option(
      names = "--instance-idle-timeout",
      defaultValue = "PT5M",
      description = "close a consumer instance after this idle time (default ${DEFAULT-VALUE})")
  Duration instanceIdleTimeout;

  @Option(
      names = "--linger-ms",
      defaultValue = "2",
      description = "producer linger.ms (default ${DEFAULT-VALUE})")
  int lingerMs;

  @Option(
      names = "--no-group-prefix",
      negatable = false,
      description = "use consumer group names as given instead of prefixing them with '<user>.'")
  boolean noGroupPrefix;

  @Override
  public Integer call() throws Exception {
    Map<String, String> extra =
        new HashMap<>(clientConfig == null ? Map.of() : readProperties(clientConfig));
    if (truststorePem != null) {
      extra.put("ssl.truststore.type", "PEM");
      extra.put("ssl.truststore.location", truststorePem.toString());
    }
    ClientSettings kafka =
        new ClientSettings(bootstrapServers, securityProtocol, saslMechanism, extra);
    GatewayConfig defaults = GatewayConfig.defaults(kafka);
    GatewayConfig config =
        new GatewayConfig(
            kafka,
            host,
            port,
            maxCredentials,
            credentialIdleTimeout,
            instanceIdleTimeout,
            lingerMs,
            defaults.idempotencyTtl(),
            defaults.maxIdempotencyKeys(),
            new GroupNames(!noGroupPrefix),
            defaults.maxBodyBytes());
    GatewayServer server = GatewayServer.start(config);
    System.out.println(
        "gateway: http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "gateway-shutdown"));
    stopped.await();
    return 0;
  }

  static Map<String, String> readProperties(Path file) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    }
    Map<String, String> result = new HashMap<>();
    properties.forEach((k, v) -> result.put(k.toString(), v.toString()));
    // The caller's credentials are the only ones used against Kafka.
    result.remove("sasl.jaas.config");
    return result;
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new GatewayMain());
    cli.registerConverter(Duration.class, Duration::parse);
    int exit = cli.execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
