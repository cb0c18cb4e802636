package io.serverlesskafka.localkube;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts a child process in a session of its own. Ctrl-C in a terminal signals the whole foreground
 * process group at once; the local cluster's children (etcd, kube-apiserver, Kafka nodes) must
 * instead wait for their owner to stop them in order: the user's objects are saved through the API
 * server first, Kafka brokers stop before their controller. {@code setsid} execs in place (a child
 * of the JVM leads no process group), so the process the JVM holds is the program itself and
 * stopping it works as before.
 */
public final class OwnSession {
  private static final List<String> PREFIX =
      Stream.of("/usr/bin/setsid", "/bin/setsid")
          .filter(p -> Files.isExecutable(Path.of(p)))
          .limit(1)
          .toList();

  private OwnSession() {}

  /**
   * What goes before a command to run it in its own session; empty where setsid is missing (it then
   * shares ours).
   */
  public static List<String> commandPrefix() {
    return PREFIX;
  }
}
