package io.serverlesskafka.autoscaler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler is the pure half of the project: policy, planner, simulator and their CLIs decide
 * on plain numbers so they can be unit-tested and run offline. Kubernetes, the operator framework,
 * Strimzi and Kafka clients belong in the operator's adapters. The pom does not depend on them
 * today; this rule keeps a future import (or a dependency added "just for one type") from creeping
 * in unnoticed.
 */
class ArchitectureTest {

  private static final JavaClasses AUTOSCALER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.serverlesskafka.autoscaler");

  static final ArchRule NO_KUBERNETES_OR_KAFKA =
      noClasses()
          .that()
          .resideInAPackage("io.serverlesskafka.autoscaler..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.fabric8..", "io.javaoperatorsdk..", "io.strimzi..", "org.apache.kafka..")
          .because(
              "the autoscaler decides on plain numbers; cluster and broker I/O is the operator's job")
          .allowEmptyShould(false);

  @Test
  void autoscalerHasNoKubernetesOrKafkaTypes() {
    // Not vacuous: the main classes of every package were imported (cli, plot, rebalance, scaling,
    // simulation), so the rule had something to check.
    assertThat(AUTOSCALER.size()).isGreaterThan(30);
    assertThat(AUTOSCALER.stream().map(c -> c.getPackageName()).distinct())
        .contains(
            "io.serverlesskafka.autoscaler.cli",
            "io.serverlesskafka.autoscaler.rebalance",
            "io.serverlesskafka.autoscaler.scaling",
            "io.serverlesskafka.autoscaler.simulation");
    NO_KUBERNETES_OR_KAFKA.check(AUTOSCALER);
  }
}
