package io.serverlesskafka.benchmarks.gateway;

import com.sun.management.OperatingSystemMXBean;
import io.serverlesskafka.devcluster.kafka.KafkaAdminOperations;
import io.serverlesskafka.devcluster.kafka.LocalKafkaCluster;
import io.serverlesskafka.gateway.ClientSettings;
import io.serverlesskafka.gateway.GatewayConfig;
import io.serverlesskafka.gateway.GatewayServer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Produce throughput and latency through the HTTP gateway beside a plain Kafka producer, in one run
 * on local KRaft brokers with SCRAM (docs/benchmarks.md, "HTTP gateway"). Both use the topic's own
 * credentials and acks=all.
 */
@Command(
    name = "bench-rest",
    mixinStandardHelpOptions = true,
    description = "Gateway produce records/s and p50/p99 beside a plain Kafka producer.")
public final class GatewayBenchmark implements Callable<Integer> {

  private static final String TOPIC = "bench.produce";
  private static final String PASSWORD = "bench-password";

  @Option(names = "--brokers", description = "brokers (default ${DEFAULT-VALUE})")
  int brokers = 3;

  @Option(names = "--partitions", description = "topic partitions (default ${DEFAULT-VALUE})")
  int partitions = 6;

  @Option(names = "--seconds", description = "measured seconds per row (default ${DEFAULT-VALUE})")
  double seconds = 15;

  @Option(
      names = "--warmup",
      description = "warm-up seconds per row, not measured (default ${DEFAULT-VALUE})")
  double warmup = 3;

  @Option(
      names = "--connections",
      split = ",",
      description = "HTTP connections (default ${DEFAULT-VALUE})")
  List<Integer> connections = List.of(32);

  @Option(
      names = "--records-per-request",
      split = ",",
      description = "records per request (default ${DEFAULT-VALUE})")
  List<Integer> recordsPerRequest = List.of(1, 10);

  @Option(
      names = "--value-bytes",
      description = "bytes per record value (default ${DEFAULT-VALUE})")
  int valueBytes = 1024;

  @Option(
      names = "--gateway-warmup",
      description =
          "seconds of unreported gateway load before the first row, so"
              + " that the JIT has compiled the gateway's request path (default ${DEFAULT-VALUE})")
  double gatewayWarmup = 20;

  @Option(
      names = "--plain-in-flight",
      description = "unacknowledged records of the plain producer (default ${DEFAULT-VALUE})")
  int plainInFlight = 1024;

  @Option(
      names = "--linger-ms",
      description = "gateway producers' linger.ms (default ${DEFAULT-VALUE})")
  int lingerMs = 2;

  public static void main(String[] args) {
    System.exit(new CommandLine(new GatewayBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("skafka-bench-gateway");
    String loadAtStart = loadAverage();
    System.err.printf("starting %d brokers...%n", brokers);
    try (LocalKafkaCluster cluster =
        LocalKafkaCluster.builder(work)
            .brokerIds(brokerIds())
            .startTimeout(Duration.ofMinutes(3))
            .build()) {
      cluster.start();
      KafkaAdminOperations admin = cluster.admin();
      admin.createTopic(TOPIC, partitions, Math.min(3, brokers), Map.of());
      admin.upsertScramUser(TOPIC, PASSWORD);
      admin.setAcls(TOPIC, TOPIC, TOPIC + "_");
      waitForUser(cluster);
      String value = randomText(valueBytes);
      long before = endOffset(cluster);
      long expected = 0;
      List<String> rows = new ArrayList<>();
      rows.add(
          "| client | records/request | connections | records/s | p50 ms | p99 ms | JVM CPU µs/record | broker CPU µs/record | ÷ plain producer |");
      rows.add("|---|---|---|---|---|---|---|---|---|");

      System.err.println("plain Kafka producer...");
      Measured plain = plainProducer(cluster, value);
      expected += plain.successes;
      rows.add(
          String.format(
              "| Kafka producer (async, ≤ "
                  + plainInFlight
                  + " in flight, linger.ms=5) | 1 | - | %.0f | %.1f | %.1f | %.0f | %.0f | 1.00 |",
              plain.recordsPerSecond,
              plain.p50Ms,
              plain.p99Ms,
              plain.jvmCpuMicrosPerRecord,
              plain.brokerCpuMicrosPerRecord));

      GatewayConfig config =
          GatewayConfig.defaults(ClientSettings.of(cluster.bootstrapServers()))
              .withPort("127.0.0.1", 0)
              .withLingerMs(lingerMs);
      try (GatewayServer gateway = GatewayServer.start(config)) {
        String auth =
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((TOPIC + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (gatewayWarmup > 0) {
          System.err.printf("gateway warm-up, %.0f s...%n", gatewayWarmup);
          byte[] warm =
              HttpLoad.post("127.0.0.1", gateway.port(), "/produce/" + TOPIC, auth, body(value, 1));
          expected +=
              HttpLoad.run("127.0.0.1", gateway.port(), warm, connections.get(0), 0, gatewayWarmup)
                  .allSuccesses();
        }
        for (int perRequest : recordsPerRequest) {
          byte[] body = body(value, perRequest);
          byte[] request =
              HttpLoad.post("127.0.0.1", gateway.port(), "/produce/" + TOPIC, auth, body);
          for (int conns : connections) {
            settle(cluster);
            System.err.printf(
                "gateway, %d records/request, %d connections...%n", perRequest, conns);
            CpuClock cpu = CpuClock.start(cluster);
            HttpLoad.Result r =
                HttpLoad.run("127.0.0.1", gateway.port(), request, conns, warmup, seconds);
            long records = r.requests() * perRequest;
            expected += r.allSuccesses() * perRequest;
            double rate = records / r.seconds();
            long[] lat = r.latenciesNanos();
            Arrays.sort(lat);
            rows.add(
                String.format(
                    "| gateway | %d | %d | %.0f | %.1f | %.1f | %.0f | %.0f | %.2f |",
                    perRequest,
                    conns,
                    rate,
                    percentile(lat, 50),
                    percentile(lat, 99),
                    cpu.jvmMicrosPer(r.allSuccesses() * perRequest),
                    cpu.brokerMicrosPer(r.allSuccesses() * perRequest),
                    rate / plain.recordsPerSecond));
            if (r.failures() > 0 || r.brokenConnections() > 0) {
              rows.add(
                  String.format(
                      "|   ↳ %d failed requests, %d broken connections (first: %s) |||||||||",
                      r.failures(), r.brokenConnections(), r.firstFailure()));
            }
          }
        }
      }
      long grew = endOffset(cluster) - before;
      System.out.printf(
          "%nproduce, %d-byte values, acks=all, %d brokers, topic with %d partitions (RF %d), %.0f s per row"
              + " after %.0f s warm-up (gateway: %.0f s more before the first row), gateway linger.ms=%d, %d cores, load average at start %s, at end %s%n%n",
          valueBytes,
          brokers,
          partitions,
          Math.min(3, brokers),
          seconds,
          warmup,
          gatewayWarmup,
          lingerMs,
          Runtime.getRuntime().availableProcessors(),
          loadAtStart,
          loadAverage());
      rows.forEach(System.out::println);
      System.out.printf(
          "%ntopic end offsets grew by %d; successful records (acknowledged sends + 200 responses × records):"
              + " %d -> %s%n",
          grew, expected, grew == expected ? "equal" : "DIFFERENT");
      return grew == expected ? 0 : 1;
    } finally {
      deleteRecursively(work);
    }
  }

  /** The brokers' data (hundreds of MiB per run) is of no use after the run. */
  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private record Measured(
      double recordsPerSecond,
      double p50Ms,
      double p99Ms,
      long successes,
      double jvmCpuMicrosPerRecord,
      double brokerCpuMicrosPerRecord) {}

  /**
   * Async sends from one producer for the same time as a gateway row, at most {@code
   * --plain-in-flight} records unacknowledged (unbounded, latency would only measure the queue);
   * latency is send() to acknowledgement.
   */
  private Measured plainProducer(LocalKafkaCluster cluster, String value) throws Exception {
    Map<String, Object> props = new HashMap<>(cluster.clientProperties(TOPIC, PASSWORD));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    long[] latencies = new long[20_000_000];
    AtomicLong measured = new AtomicLong();
    AtomicLong all = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(plainInFlight);
    CpuClock cpu;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      long start = System.nanoTime();
      long measureFrom = start + (long) (warmup * 1e9);
      long end = measureFrom + (long) (seconds * 1e9);
      cpu = null;
      long now;
      while ((now = System.nanoTime()) < end) {
        if (cpu == null && now >= measureFrom) {
          cpu = CpuClock.start(cluster);
        }
        inFlight.acquire();
        long sent = System.nanoTime();
        boolean counted = now >= measureFrom;
        producer.send(
            new ProducerRecord<>(TOPIC, bytes),
            (md, e) -> {
              inFlight.release();
              if (e != null) {
                failure.compareAndSet(null, e);
                return;
              }
              all.incrementAndGet();
              if (counted) {
                long i = measured.getAndIncrement();
                if (i < latencies.length) {
                  latencies[(int) i] = System.nanoTime() - sent;
                }
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      System.err.println("plain producer failures, first: " + failure.get());
    }
    int n = (int) Math.min(measured.get(), latencies.length);
    long[] lat = Arrays.copyOf(latencies, n);
    Arrays.sort(lat);
    return new Measured(
        measured.get() / seconds,
        percentile(lat, 50),
        percentile(lat, 99),
        all.get(),
        cpu.jvmMicrosPer(all.get()),
        cpu.brokerMicrosPer(all.get()));
  }

  /** CPU time of this JVM (gateway and load generator) and of the broker processes since start. */
  private record CpuClock(long jvmStartNanos, long brokersStartNanos, LocalKafkaCluster cluster) {
    static CpuClock start(LocalKafkaCluster cluster) {
      return new CpuClock(jvmCpu(), brokerCpu(cluster), cluster);
    }

    double jvmMicrosPer(long records) {
      return records == 0 ? 0 : (jvmCpu() - jvmStartNanos) / 1e3 / records;
    }

    double brokerMicrosPer(long records) {
      return records == 0 ? 0 : (brokerCpu(cluster) - brokersStartNanos) / 1e3 / records;
    }

    private static long jvmCpu() {
      return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }

    private static long brokerCpu(LocalKafkaCluster cluster) {
      return cluster.processes().stream()
          .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
          .sum();
    }
  }

  /**
   * Waits until every replica is in sync and then a little longer: a follower still copying the
   * previous row's records makes every acks=all request of the next row wait for it, which measures
   * the previous row.
   */
  private static void settle(LocalKafkaCluster cluster) throws Exception {
    try (Admin admin = Admin.create(cluster.adminProperties())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        var description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
        if (description.partitions().stream()
            .allMatch(p -> p.isr().size() == p.replicas().size())) {
          break;
        }
        Thread.sleep(500);
      }
    }
    Thread.sleep(5_000);
  }

  /**
   * The 1-minute load average: this machine is shared, and a busy one lengthens every acks=all
   * round trip.
   */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private List<Integer> brokerIds() {
    List<Integer> ids = new ArrayList<>();
    for (int i = 1; i <= brokers; i++) {
      ids.add(i);
    }
    return ids;
  }

  private static void waitForUser(LocalKafkaCluster cluster) throws InterruptedException {
    Map<String, Object> props = new HashMap<>(cluster.clientProperties(TOPIC, PASSWORD));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
        if (!producer.partitionsFor(TOPIC).isEmpty()) {
          return;
        }
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(500);
    }
  }

  private static long endOffset(LocalKafkaCluster cluster) throws Exception {
    try (Admin admin = Admin.create(cluster.adminProperties())) {
      int count =
          admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().size();
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < count; p++) {
        request.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get().values().stream()
          .mapToLong(i -> i.offset())
          .sum();
    }
  }

  private static byte[] body(String value, int records) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < records; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"value\":\"").append(value).append("\"}");
    }
    return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String randomText(int bytes) {
    Random random = new Random(42);
    StringBuilder sb = new StringBuilder(bytes);
    for (int i = 0; i < bytes; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }

  private static double percentile(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int index =
        (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100.0 * sortedNanos.length) - 1);
    return sortedNanos[Math.max(0, index)] / 1e6;
  }
}
