package io.serverlesskafka.benchmarks.gateway;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop HTTP/1.1 load generator: each connection is a keep-alive socket on its own virtual
 * thread that sends one prebuilt request, reads the whole response, and sends the next. Cheap per
 * request (no HTTP client library), so on a small machine the gateway gets the CPU, not the load
 * generator.
 */
final class HttpLoad {

  record Result(
      long requests,
      long failures,
      long brokenConnections,
      long allSuccesses,
      long[] latenciesNanos,
      double seconds,
      String firstFailure) {}

  private HttpLoad() {}

  static Result run(
      String host, int port, byte[] request, int connections, double warmupSeconds, double seconds)
      throws InterruptedException {
    LongAdder ok = new LongAdder();
    LongAdder allOk = new LongAdder();
    LongAdder broken = new LongAdder();
    LongAdder failed = new LongAdder();
    List<long[]> perConnection = new ArrayList<>();
    String[] firstFailure = new String[1];
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmupSeconds * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      long[] latencies = new long[2_000_000];
      perConnection.add(latencies);
      int index = c;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    int n = 0;
                    try (Socket socket = new Socket(host, port)) {
                      socket.setTcpNoDelay(true);
                      OutputStream out = socket.getOutputStream();
                      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                      while (true) {
                        long sent = System.nanoTime();
                        if (sent >= end) {
                          break;
                        }
                        out.write(request);
                        out.flush();
                        int status = readResponse(in);
                        long took = System.nanoTime() - sent;
                        if (status == 200) {
                          allOk.increment();
                        }
                        if (sent >= measureFrom) {
                          if (status == 200) {
                            ok.increment();
                            if (n < latencies.length) {
                              latencies[n++] = took;
                            }
                          } else {
                            failed.increment();
                            synchronized (firstFailure) {
                              if (firstFailure[0] == null) {
                                firstFailure[0] = "HTTP " + status;
                              }
                            }
                          }
                        } else if (status != 200) {
                          failed.increment();
                        }
                      }
                    } catch (IOException e) {
                      broken.increment();
                      synchronized (firstFailure) {
                        if (firstFailure[0] == null) {
                          firstFailure[0] = "connection " + index + ": " + e;
                        }
                      }
                    }
                    perConnection.set(index, java.util.Arrays.copyOf(latencies, n));
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long total = perConnection.stream().mapToLong(a -> a.length).sum();
    long[] all = new long[(int) total];
    int pos = 0;
    for (long[] a : perConnection) {
      System.arraycopy(a, 0, all, pos, a.length);
      pos += a.length;
    }
    return new Result(
        ok.sum(), failed.sum(), broken.sum(), allOk.sum(), all, seconds, firstFailure[0]);
  }

  /** Reads a status line, headers and a Content-Length body; returns the status. */
  private static int readResponse(InputStream in) throws IOException {
    String statusLine = readLine(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    int length = 0;
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    in.skipNBytes(length);
    return status;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  static byte[] post(String host, int port, String path, String authorization, byte[] body) {
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + "\r\nAuthorization: "
            + authorization
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }
}
