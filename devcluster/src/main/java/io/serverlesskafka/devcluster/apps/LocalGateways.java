package io.serverlesskafka.devcluster.apps;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.serverlesskafka.localkube.OwnSession;
import io.serverlesskafka.operator.model.GatewayModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the HTTP gateway Deployments the operator writes ({@link GatewayModel}) as local processes,
 * as a kubelet would run their pods: one process per Deployment (replicas are not multiplied on one
 * machine), restarted when it exits or the Deployment's pod template changes, on a free loopback
 * port. Secret volumes are written to a directory of the process and the container's paths to them
 * rewritten. Once the gateway answers, its address is announced on the Deployment's Service ({@link
 * GatewayModel#ANNOTATION_URL}), which the operator passes on as {@code rest.url}: pods' cluster
 * DNS does not exist here.
 *
 * <p>The gateway's classes come from {@value #CLASSPATH_PROPERTY} (bin/dev sets it; the gateway
 * module's tests too); without it the Deployments are left alone, with a warning.
 */
public final class LocalGateways implements AutoCloseable {
  public static final String CLASSPATH_PROPERTY = "serverlesskafka.gateway.classpath";
  public static final String MAIN_CLASS = "io.serverlesskafka.gateway.GatewayMain";
  private static final Logger LOG = LoggerFactory.getLogger(LocalGateways.class);

  private final KubernetesClient client;
  private final Path workDir;
  private final String classpath;
  private final Map<String, Running> running = new ConcurrentHashMap<>();

  /**
   * The port each Deployment's gateway had: a restarted gateway keeps its URL when the port is
   * still free.
   */
  private final Map<String, Integer> ports = new ConcurrentHashMap<>();

  private final LinkedBlockingQueue<Boolean> wake = new LinkedBlockingQueue<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private SharedIndexInformer<Deployment> informer;
  private volatile boolean stopped;
  private Thread loop;

  private record Running(Process process, int port, String template, boolean announced) {}

  public LocalGateways(KubernetesClient client, Path workDir) {
    this(client, workDir, System.getProperty(CLASSPATH_PROPERTY));
  }

  public LocalGateways(KubernetesClient client, Path workDir, String classpath) {
    this.client = client;
    this.workDir = workDir;
    this.classpath = classpath == null || classpath.isBlank() ? null : classpath.strip();
  }

  public LocalGateways start() {
    informer =
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .withLabel(GatewayModel.LABEL_COMPONENT, GatewayModel.COMPONENT)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment d) {
                    wake.offer(true);
                  }

                  @Override
                  public void onUpdate(Deployment oldD, Deployment newD) {
                    wake.offer(true);
                  }

                  @Override
                  public void onDelete(Deployment d, boolean unknown) {
                    wake.offer(true);
                  }
                });
    loop = new Thread(this::run, "local-gateways");
    loop.setDaemon(true);
    loop.start();
    return this;
  }

  private void run() {
    boolean warned = false;
    while (!stopped) {
      try {
        wake.poll(2, TimeUnit.SECONDS);
        wake.clear();
        List<Deployment> deployments = informer.getStore().list();
        if (classpath == null) {
          if (!deployments.isEmpty() && !warned) {
            LOG.warn(
                "HTTP gateway Deployments are not run: the gateway's classes are unknown (system property {})",
                CLASSPATH_PROPERTY);
            warned = true;
          }
          continue;
        }
        pass(deployments);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("local gateways: {}", e.toString());
      }
    }
  }

  private void pass(List<Deployment> deployments) {
    List<String> present = new ArrayList<>();
    for (Deployment d : deployments) {
      String key = d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
      if (d.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      present.add(key);
      String template = client.getKubernetesSerialization().asJson(d.getSpec().getTemplate());
      Running current = running.get(key);
      if (current != null
          && (!current.process().isAlive() || !current.template().equals(template))) {
        LOG.info(
            "{}: gateway {}, starting it again",
            key,
            current.process().isAlive() ? "pod template changed" : "exited");
        stop(current);
        current = null;
        running.remove(key);
      }
      if (current == null) {
        current = launch(d, template);
        running.put(key, current);
      }
      if (!current.announced() && answers(current.port())) {
        announce(d, "http://127.0.0.1:" + current.port());
        running.put(key, new Running(current.process(), current.port(), current.template(), true));
        LOG.info("{}: gateway answering at http://127.0.0.1:{}", key, current.port());
      }
    }
    for (String key : List.copyOf(running.keySet())) {
      if (!present.contains(key)) {
        LOG.info("{}: Deployment gone, gateway stopped", key);
        stop(running.remove(key));
      }
    }
  }

  private Running launch(Deployment d, String template) {
    String ns = d.getMetadata().getNamespace();
    String name = d.getMetadata().getName();
    Path dir = workDir.resolve(ns).resolve(name);
    Container container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> args =
        new ArrayList<>(container.getArgs() == null ? List.of() : container.getArgs());
    mountSecrets(d, container, dir, args);
    Integer before = ports.get(ns + "/" + name);
    int port = before != null && isFree(before) ? before : freePort();
    ports.put(ns + "/" + name, port);
    replaceOption(args, "--port", String.valueOf(port));
    replaceOption(args, "--host", "127.0.0.1");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                MAIN_CLASS));
    command.addAll(args);
    try {
      Files.createDirectories(dir);
      Path log = workDir.resolve(ns + "-" + name + ".log");
      Process process =
          // supervised: a gateway's JVM does not outlive bin/dev's, even after kill -9
          new ProcessBuilder(OwnSession.supervised(command))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      LOG.info("{}/{}: gateway started on 127.0.0.1:{} (log {})", ns, name, port, log);
      return new Running(process, port, template, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the gateway of " + ns + "/" + name, e);
    }
  }

  /**
   * Writes each mounted Secret's keys under {@code dir} and points arguments under its mount path
   * there.
   */
  private void mountSecrets(Deployment d, Container container, Path dir, List<String> args) {
    List<Volume> volumes = d.getSpec().getTemplate().getSpec().getVolumes();
    for (VolumeMount mount :
        container.getVolumeMounts() == null
            ? List.<VolumeMount>of()
            : container.getVolumeMounts()) {
      Volume volume =
          volumes == null
              ? null
              : volumes.stream()
                  .filter(v -> v.getName().equals(mount.getName()))
                  .findFirst()
                  .orElse(null);
      if (volume == null || volume.getSecret() == null) {
        continue;
      }
      Secret secret =
          client
              .secrets()
              .inNamespace(d.getMetadata().getNamespace())
              .withName(volume.getSecret().getSecretName())
              .get();
      if (secret == null || secret.getData() == null) {
        throw new IllegalStateException(
            "Secret "
                + volume.getSecret().getSecretName()
                + " of "
                + d.getMetadata().getName()
                + " not found yet");
      }
      Path local = dir.resolve(mount.getMountPath().replaceFirst("^/+", ""));
      try {
        Files.createDirectories(local);
        for (Map.Entry<String, String> e : secret.getData().entrySet()) {
          Files.write(local.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      args.replaceAll(
          a ->
              a.startsWith(mount.getMountPath())
                  ? local + a.substring(mount.getMountPath().length())
                  : a);
    }
  }

  private static void replaceOption(List<String> args, String option, String value) {
    int i = args.indexOf(option);
    if (i >= 0 && i + 1 < args.size()) {
      args.set(i + 1, value);
    } else {
      args.addAll(List.of(option, value));
    }
  }

  private boolean answers(int port) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Annotates the Services that select the Deployment's pods, as an exposing controller would. */
  private void announce(Deployment d, String url) {
    Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
    for (Service service :
        client.services().inNamespace(d.getMetadata().getNamespace()).list().getItems()) {
      Map<String, String> selector =
          service.getSpec() == null ? null : service.getSpec().getSelector();
      if (selector == null
          || selector.isEmpty()
          || !selector.entrySet().stream()
              .allMatch(e -> Objects.equals(podLabels.get(e.getKey()), e.getValue()))) {
        continue;
      }
      String patch =
          "{\"metadata\":{\"annotations\":{\""
              + GatewayModel.ANNOTATION_URL
              + "\":\""
              + url
              + "\"}}}";
      client
          .services()
          .inNamespace(service.getMetadata().getNamespace())
          .withName(service.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void stop(Running r) {
    if (r == null) {
      return;
    }
    r.process().destroy();
    try {
      if (!r.process().waitFor(10, TimeUnit.SECONDS)) {
        r.process().destroyForcibly();
      }
    } catch (InterruptedException e) {
      r.process().destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopped = true;
    if (loop != null) {
      loop.interrupt();
      try {
        // a pass under way may be launching a gateway: let it finish, so that none is left running
        // after close
        loop.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (informer != null) {
      informer.close();
    }
    running.values().forEach(LocalGateways::stop);
    running.clear();
  }
}
