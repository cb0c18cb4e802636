package io.serverlesskafka.devcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.serverlesskafka.localkube.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dev command as a user runs it: progress, then next steps; Ctrl-C in its terminal — SIGINT to
 * the whole process group, Kafka nodes included — saves the user's objects through the API server
 * and leaves no process behind; the next start brings back every topic with its data and password,
 * even after a refused cluster deletion; after a kill -9, what it saved while running.
 */
class DevCommandIT {
  private static final String TOPICS =
      """
      apiVersion: v1
      kind: Namespace
      metadata: { name: team-a }
      ---
      apiVersion: serverlesskafka.io/v1alpha1
      kind: ServerlessTopic
      metadata: { name: orders, namespace: team-a }
      spec: { partitions: 3 }
      ---
      apiVersion: serverlesskafka.io/v1alpha1
      kind: ServerlessTopic
      metadata: { name: payments, namespace: team-a }
      spec: { partitions: 2, deletionPolicy: Retain }
      """;

  @Test
  void keepsBothTopicsTheirDataAndPasswordsAcrossARefusedClusterDeletionAndARestart()
      throws Exception {
    Path dir = Files.createTempDirectory("dev-it");
    Kubectl kubectl = new Kubectl(dir.resolve("kubeconfig"));
    String ordersPassword;
    String paymentsPassword;
    String invoicesPassword;
    try (DevProcess dev = DevProcess.start(dir).awaitReady()) {
      assertThat(dev.lines()).anyMatch(l -> l.matches("\\[1/[89]] starting kube-apiserver.*"));
      assertThat(dev.lines())
          .anyMatch(
              l -> l.contains("kubeconfig:") && l.contains(dir.resolve("kubeconfig").toString()));
      assertThat(dev.lines()).anyMatch(l -> l.contains("bootstrap:") && l.contains("127.0.0.1:"));
      List<ProcessHandle> children = dev.process().descendants().toList();
      assertThat(children)
          .as(
              "kube-apiserver, etcd, kube-controller-manager and the Kafka nodes run as child processes")
          .hasSizeGreaterThanOrEqualTo(7);

      assertThat(kubectl.apply(TOPICS).exitCode()).isZero();
      Kubectl.Result ready =
          kubectl.run(
              null,
              "wait",
              "--for=condition=Ready",
              "serverlesstopic/orders",
              "serverlesstopic/payments",
              "-n",
              "team-a",
              "--timeout=120s");
      assertThat(ready.exitCode()).as(ready.output()).isZero();
      assertThat(devCommand(dir, "a\nb\nc\n", "produce", "-n", "team-a", "orders")).isZero();
      assertThat(devCommand(dir, "x\ny\n", "produce", "-n", "team-a", "payments")).isZero();
      ordersPassword = password(kubectl, "orders");
      paymentsPassword = password(kubectl, "payments");

      // Refused (at admission, or by the finalizer with DeletionBlocked): either way the cluster
      // stays.
      Kubectl.Result delete =
          kubectl.run(null, "delete", "skafka", "shared", "-n", "kafka", "--wait=false");
      if (delete.exitCode()
          == 0) { // accepted by the API server: the finalizer holds it, DeletionBlocked
        await("the deletion is blocked")
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    kubectl
                        .run(
                            null,
                            "get",
                            "skafka",
                            "shared",
                            "-n",
                            "kafka",
                            "-o",
                            "jsonpath={.status.conditions[?(@.type=='Ready')].reason}")
                        .output()
                        .contains("DeletionBlocked"));
      }

      assertThat(dev.ctrlC()).isEqualTo(130);
      await("no child process left")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          children.stream()
                              .filter(ProcessHandle::isAlive)
                              .map(p -> p.pid() + " " + p.info().command().orElse("?")))
                      .isEmpty());
      assertThat(Files.readString(dir.resolve("state.yaml")))
          .as("saved while the API server still ran")
          .contains("kind: \"ServerlessKafka\"")
          .contains("shared")
          .contains("orders")
          .contains("payments");
      assertThat(dev.lines()).noneMatch(l -> l.contains("exited unexpectedly"));
    }

    try (DevProcess again = DevProcess.start(dir).awaitReady()) {
      assertThat(again.lines()).anyMatch(l -> l.contains("restored the last run's"));
      Kubectl.Result ready =
          kubectl.run(
              null,
              "wait",
              "--for=condition=Ready",
              "serverlesstopic/orders",
              "serverlesstopic/payments",
              "-n",
              "team-a",
              "--timeout=120s");
      assertThat(ready.exitCode()).as(ready.output()).isZero();
      assertThat(password(kubectl, "orders")).as("same credentials").isEqualTo(ordersPassword);
      assertThat(password(kubectl, "payments")).isEqualTo(paymentsPassword);
      assertThat(consume(dir, "orders", 3)).containsExactlyInAnyOrder("a", "b", "c");
      assertThat(consume(dir, "payments", 2)).containsExactlyInAnyOrder("x", "y");

      // kill -9 runs no shutdown hook: what the dev command saved while running must be enough.
      assertThat(
              kubectl
                  .apply(
                      """
                      apiVersion: serverlesskafka.io/v1alpha1
                      kind: ServerlessTopic
                      metadata: { name: invoices, namespace: team-a }
                      spec: { partitions: 1 }
                      """)
                  .exitCode())
          .isZero();
      Kubectl.Result invoicesReady =
          kubectl.run(
              null,
              "wait",
              "--for=condition=Ready",
              "serverlesstopic/invoices",
              "-n",
              "team-a",
              "--timeout=120s");
      assertThat(invoicesReady.exitCode()).as(invoicesReady.output()).isZero();
      assertThat(devCommand(dir, "i1\ni2\n", "produce", "-n", "team-a", "invoices")).isZero();
      invoicesPassword = password(kubectl, "invoices");
      await("the running dev command saves the new topic and its Secret")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Files.readString(dir.resolve("state.yaml"))
                          .contains("name: \"team-a.invoices\"") // Strimzi's user Secret
                      && Files.readString(dir.resolve("state.yaml"))
                          .contains("name: \"invoices\""));
      List<ProcessHandle> children = again.process().descendants().toList();
      again.process().destroyForcibly(); // SIGKILL
      await("no child process left after kill -9")
          .atMost(Duration.ofSeconds(60))
          .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    try (DevProcess afterKill = DevProcess.start(dir).awaitReady()) {
      Kubectl.Result ready =
          kubectl.run(
              null,
              "wait",
              "--for=condition=Ready",
              "serverlesstopic/orders",
              "serverlesstopic/invoices",
              "-n",
              "team-a",
              "--timeout=120s");
      assertThat(ready.exitCode()).as(ready.output()).isZero();
      assertThat(password(kubectl, "invoices")).isEqualTo(invoicesPassword);
      assertThat(password(kubectl, "orders")).isEqualTo(ordersPassword);
      assertThat(consume(dir, "invoices", 2)).containsExactlyInAnyOrder("i1", "i2");
      assertThat(afterKill.ctrlC()).isEqualTo(130);
    }
  }

  private static String password(Kubectl kubectl, String topic) {
    Kubectl.Result r =
        kubectl.run(
            null,
            "get",
            "secret",
            topic + "-kafka",
            "-n",
            "team-a",
            "-o",
            "jsonpath={.data.password}");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).isNotBlank();
    return r.output();
  }

  private static List<String> consume(Path dir, String topic, int count) throws Exception {
    Path out = Files.createTempFile(dir, "consumed", ".txt");
    Process p =
        devCommandProcess(
                dir,
                "consume",
                "-n",
                "team-a",
                topic,
                "--count",
                String.valueOf(count),
                "--timeout",
                "60")
            .redirectOutput(out.toFile())
            .start();
    p.getOutputStream().close();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(out)).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .toList();
  }

  private static int devCommand(Path dir, String stdin, String... args) throws Exception {
    Process p =
        devCommandProcess(dir, args).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private static ProcessBuilder devCommandProcess(Path dir, String... args) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                DevProcess.java(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.serverlesskafka.devcluster.DevCommand"));
    command.addAll(List.of(args));
    command.addAll(List.of("--kubeconfig", dir.resolve("kubeconfig").toString()));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
  }
}
