package io.serverlesskafka.devcluster.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The classpath of Kafka node JVMs: Kafka ({@code org.apache.kafka:kafka_2.13}) and its
 * dependencies plus the location of {@link KafkaNodeMain}.
 *
 * <p>Resolution order: the system property {@value #CLASSPATH_PROPERTY}; the resource {@value
 * #RESOURCE} written at build time by maven-dependency-plugin (runtime scope of module devcluster);
 * the current JVM's {@code java.class.path}.
 */
public final class KafkaClasspath {

  public static final String CLASSPATH_PROPERTY = "serverlesskafka.kafka.classpath";
  static final String RESOURCE = "kafka-node.classpath";

  private KafkaClasspath() {}

  public static String resolve() {
    String explicit = System.getProperty(CLASSPATH_PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      return explicit.strip();
    }
    Set<String> entries = new LinkedHashSet<>();
    ownLocation().ifPresent(entries::add);
    String built = buildTimeClasspath();
    if (built != null && !built.isBlank()) {
      for (String entry : built.strip().split(java.io.File.pathSeparator)) {
        if (!entry.isBlank()) {
          entries.add(entry);
        }
      }
      return String.join(java.io.File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }

  private static String buildTimeClasspath() {
    try (InputStream in = KafkaClasspath.class.getResourceAsStream(RESOURCE)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  private static java.util.Optional<String> ownLocation() {
    CodeSource source = KafkaNodeMain.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Path.of(source.getLocation().toURI()).toString());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }
}
