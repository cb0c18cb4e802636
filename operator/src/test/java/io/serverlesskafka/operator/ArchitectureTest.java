package io.serverlesskafka.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The operator's model classes (the {@code model} package: desired Strimzi/Kubernetes objects built
 * from a spec) and its deciders ({@code *Decider}, {@code *Decision}) are pure functions of their
 * inputs, unit-tested without a cluster. They may use Fabric8/Strimzi <em>model</em> types
 * (ObjectMeta, KafkaTopic...) because those are what they produce, but never a client: reads and
 * writes stay in the reconcilers and adapters.
 */
class ArchitectureTest {

  private static final JavaClasses OPERATOR =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.serverlesskafka.operator");

  static ArchRule noClientsIn(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .or()
        .haveSimpleNameEndingWith("Decider")
        .or()
        .haveSimpleNameEndingWith("Decision")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8.kubernetes.client..", "org.apache.kafka.clients..", "io.javaoperatorsdk..")
        .because("model and decision classes are pure; I/O belongs to reconcilers and adapters")
        .allowEmptyShould(false);
  }

  @Test
  void modelAndDecisionClassesUseNoClients() {
    // Not vacuous: the model package and the topic and cluster deciders were imported.
    assertThat(
            OPERATOR.stream().filter(c -> c.getPackageName().endsWith(".operator.model")).count())
        .isGreaterThan(10);
    assertThat(OPERATOR.contain("io.serverlesskafka.operator.reconcile.TopicDecider")).isTrue();
    assertThat(OPERATOR.contain("io.serverlesskafka.operator.reconcile.ClusterDecider")).isTrue();
    assertThat(OPERATOR.contain("io.serverlesskafka.operator.reconcile.ClusterDecision")).isTrue();
    assertThat(OPERATOR.contain("io.serverlesskafka.operator.reconcile.HibernationDecider"))
        .isTrue();
    noClientsIn("io.serverlesskafka.operator.model..").check(OPERATOR);
  }

  @Test
  void theRuleCatchesAClientDependency() {
    // The same rule pointed at the reconcilers, which do talk to the API server and brokers, must
    // fail:
    // proof that the package patterns match the client types the model must not use.
    assertThatThrownBy(() -> noClientsIn("io.serverlesskafka.operator.reconcile..").check(OPERATOR))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.fabric8.kubernetes.client");
  }
}
