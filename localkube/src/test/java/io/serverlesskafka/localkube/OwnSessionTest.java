package io.serverlesskafka.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The supervising shell with a real program under it: whichever way its owner lets go, the program
 * does not outlive it, and the program's own exit is seen by the owner.
 */
class OwnSessionTest {
  private Process shell;

  @AfterEach
  void stop() {
    if (shell != null) {
      shell.descendants().forEach(ProcessHandle::destroyForcibly);
      shell.destroyForcibly();
    }
  }

  private ProcessHandle start(String... command) throws IOException {
    shell = new ProcessBuilder(OwnSession.supervised(List.of(command))).start();
    await("the program runs under the shell")
        .atMost(Duration.ofSeconds(10))
        .until(() -> program(command[0]) != null);
    return program(command[0]);
  }

  private ProcessHandle program(String name) {
    return shell
        .children()
        .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
        .findFirst()
        .orElse(null);
  }

  @Test
  void theProgramStopsWhenItsOwnerClosesTheShellsInput() throws Exception {
    ProcessHandle sleep = start("sleep", "300");
    shell.getOutputStream().close(); // what the owner's death does to the pipe
    await().atMost(Duration.ofSeconds(10)).until(() -> !sleep.isAlive());
    await().atMost(Duration.ofSeconds(10)).until(() -> !shell.isAlive());
  }

  @Test
  void theProgramStopsWhenTheShellIsKilledWithSignalNine() throws Exception {
    ProcessHandle sleep = start("sleep", "300");
    shell.destroyForcibly(); // as kube-api-test stops etcd and kube-apiserver
    await().atMost(Duration.ofSeconds(10)).until(() -> !sleep.isAlive());
  }

  @Test
  void sigtermToTheShellIsPassedOnAndWaitedFor() throws Exception {
    ProcessHandle sleep = start("sleep", "300");
    shell.destroy();
    assertThat(shell.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(sleep.isAlive()).as("the shell exits after the program").isFalse();
  }

  @Test
  void theShellExitsWithTheProgramAndItsStatus() throws Exception {
    shell = new ProcessBuilder(OwnSession.supervised(List.of("sh", "-c", "exit 7"))).start();
    assertThat(shell.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(shell.exitValue()).isEqualTo(7);
  }

  @Test
  void theProgramRunsInASessionOfItsOwn() throws Exception {
    ProcessHandle sleep = start("sleep", "300");
    String own = Files.readString(Path.of("/proc/self/stat")).split(" ")[5];
    String its = Files.readString(Path.of("/proc/" + sleep.pid() + "/stat")).split(" ")[5];
    assertThat(its).as("session id").isNotEqualTo(own);
  }

  @Test
  void aScriptLineExecsTheSupervisedBinaryWithTheScriptsArguments(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path script = dir.resolve("sleep-supervised");
    Files.writeString(
        script, "#!/bin/sh\n" + OwnSession.supervisedExecLine(Path.of("/bin/sleep")) + "\n");
    script.toFile().setExecutable(true);
    shell = new ProcessBuilder(script.toString(), "300").start();
    await().atMost(Duration.ofSeconds(10)).until(() -> program("sleep") != null);
    ProcessHandle sleep = program("sleep");
    assertThat(sleep.info().arguments())
        .hasValueSatisfying(a -> assertThat(a).containsExactly("300"));
    shell.destroyForcibly();
    await().atMost(Duration.ofSeconds(10)).until(() -> !sleep.isAlive());
  }
}
