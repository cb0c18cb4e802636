package io.serverlesskafka.autoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

class CliLoggingTest {
  /**
   * Without a provider on bin/skafka's classpath SLF4J prints "No SLF4J providers were found"
   * before any output.
   */
  @Test
  void theCliClasspathHasAnSlf4jProvider() {
    assertThat(ServiceLoader.load(SLF4JServiceProvider.class).findFirst()).isPresent();
  }
}
