package io.serverlesskafka.localkube;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts a child process in a session of its own. Ctrl-C in a terminal signals the whole foreground
 * process group at once; the local cluster's children (etcd, kube-apiserver, Kafka nodes) must
 * instead wait for their owner to stop them in order: the user's objects are saved through the API
 * server first, Kafka brokers stop before their controller. {@code setsid} execs in place (a child
 * of the JVM leads no process group), so the process the JVM holds is the program itself and
 * stopping it works as before.
 *
 * <p>A session of its own also means nothing stops the child when its owner dies without running a
 * shutdown hook ({@code kill -9}, a crash, the OOM killer). Java children watch their standard
 * input for that themselves (Kafka nodes, the operator); programs that cannot (etcd,
 * kube-apiserver, kube-controller-manager, KEDA, a gateway's JVM) run {@link #supervised} instead.
 */
public final class OwnSession {
  private static final List<String> PREFIX =
      Stream.of("/usr/bin/setsid", "/bin/setsid")
          .filter(p -> Files.isExecutable(Path.of(p)))
          .limit(1)
          .toList();

  /**
   * A shell between the owner and the program, whose standard input is a pipe the owner alone can
   * write to. The pipe reaches end-of-file when the owner closes it or dies, however it dies: the
   * program is then sent SIGTERM. SIGTERM or SIGINT to the shell is passed on and waited for. The
   * shell exits with the program, so an owner watching the process it started still sees the
   * program's death. A background list's input is /dev/null in a non-interactive shell, hence the
   * copy on descriptor 3.
   */
  static final String SUPERVISOR =
      """
      exec 3<&0
      "$0" "$@" </dev/null 3<&- &
      child=$!
      trap 'kill $child 2>/dev/null; wait $child; exit $?' TERM INT
      { cat <&3 >/dev/null; kill $child 2>/dev/null; } &
      exec 3<&-
      wait $child
      """;

  private OwnSession() {}

  /**
   * What goes before a command to run it in its own session; empty where setsid is missing (it then
   * shares ours).
   */
  public static List<String> commandPrefix() {
    return PREFIX;
  }

  /**
   * {@code command} in its own session, stopped when the process started with it (a shell) is
   * stopped, its standard input is closed or its owner dies. Start it with the default {@link
   * ProcessBuilder.Redirect#PIPE} for standard input.
   */
  public static List<String> supervised(List<String> command) {
    List<String> supervised = new ArrayList<>(PREFIX);
    supervised.addAll(List.of("/bin/sh", "-c", SUPERVISOR));
    supervised.addAll(command);
    return supervised;
  }

  /**
   * The line of a shell script that replaces itself with {@link #supervised} {@code binary},
   * passing the script's arguments on.
   */
  static String supervisedExecLine(Path binary) {
    return "exec "
        + String.join(
            " ", supervised(List.of(binary.toString())).stream().map(OwnSession::quote).toList())
        + " \"$@\"";
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
