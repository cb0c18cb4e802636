package io.serverlesskafka.devcluster.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of a Kafka node JVM started by {@link KafkaNodeProcess}.
 *
 * <p>Usage: {@code KafkaNodeMain <server.properties> [<format.args>]}. It
 *
 * <ol>
 *   <li>formats the node's storage when {@code format.args} exists and the metadata directory has
 *       no {@code meta.properties} yet (the arguments of {@code kafka-storage}, one per line; the
 *       file is deleted afterwards because it may hold the admin password),
 *   <li>starts a watchdog that exits this JVM when its standard input reaches end-of-file, i.e.
 *       when the parent JVM is gone (even after {@code kill -9}), so no Kafka process outlives the
 *       cluster that started it,
 *   <li>runs {@code kafka.Kafka.main(server.properties)}.
 * </ol>
 */
public final class KafkaNodeMain {

  /** Exit code when formatting the storage fails. */
  public static final int EXIT_FORMAT_FAILED = 3;

  /** Milliseconds the node gets for a clean shutdown after its parent is gone, before it halts. */
  private static final long ORPHAN_HALT_AFTER_MS = 20_000;

  /**
   * Milliseconds an orphaned controller waits before shutting down, so brokers can shut down
   * against it.
   */
  private static final long CONTROLLER_ORPHAN_DELAY_MS = 5_000;

  private KafkaNodeMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: KafkaNodeMain <server.properties> [<format.args>]");
      System.exit(2);
    }
    Path serverProperties = Path.of(args[0]);
    if (args.length == 2) {
      Path formatArgs = Path.of(args[1]);
      if (Files.exists(formatArgs)) {
        List<String> formatCommand =
            Files.readAllLines(formatArgs, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isEmpty())
                .toList();
        PrintStream out = System.out;
        int rc = kafka.tools.StorageTool.execute(formatCommand.toArray(String[]::new), out);
        if (rc != 0) {
          System.err.println("kafka-storage format failed with exit code " + rc);
          System.exit(EXIT_FORMAT_FAILED);
        }
        Files.deleteIfExists(formatArgs);
      }
    }
    startOrphanWatchdog(System.in, isController(serverProperties));
    kafka.Kafka.main(new String[] {serverProperties.toString()});
  }

  private static boolean isController(Path serverProperties) throws IOException {
    java.util.Properties props = new java.util.Properties();
    try (var in = Files.newBufferedReader(serverProperties, StandardCharsets.UTF_8)) {
      props.load(in);
    }
    return props.getProperty("process.roles", "").contains("controller");
  }

  /**
   * Exits the JVM (cleanly, with Kafka's shutdown hook) when stdin reaches end-of-file. A
   * controller waits a few seconds first so that the brokers, orphaned at the same moment, can
   * finish their controlled shutdown.
   */
  private static void startOrphanWatchdog(InputStream parentPipe, boolean controller) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                byte[] buffer = new byte[64];
                while (parentPipe.read(buffer) >= 0) {
                  // the parent never writes; anything read is ignored
                }
              } catch (IOException e) {
                // treated like end-of-file: the parent is gone
              }
              System.err.println(
                  "Parent process is gone (stdin closed): shutting down this Kafka node");
              if (controller) {
                try {
                  Thread.sleep(CONTROLLER_ORPHAN_DELAY_MS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              Thread halter =
                  new Thread(
                      () -> {
                        try {
                          Thread.sleep(ORPHAN_HALT_AFTER_MS);
                        } catch (InterruptedException ignored) {
                          Thread.currentThread().interrupt();
                        }
                        Runtime.getRuntime().halt(1);
                      },
                      "orphan-halter");
              halter.setDaemon(true);
              halter.start();
              System.exit(1);
            },
            "orphan-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
