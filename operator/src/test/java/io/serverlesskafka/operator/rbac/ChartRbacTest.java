package io.serverlesskafka.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC rules against the list of calls the operator makes (operator-api-calls.txt,
 * which OperatorApiCallsIT checks against the requests the operator really sends): no rule without
 * a call, no call without a rule, and Secrets read only where clusters live when the chart knows
 * those namespaces.
 */
class ChartRbacTest {
  static final Path CHART =
      Path.of(System.getProperty("project.root", ".."), "helm", "serverless-kafka");

  static Set<ApiCall> listedCalls() {
    return ApiCall.listed();
  }

  /** Rules by where they apply: "*" for the ClusterRole, else the Role's namespace. */
  private static Map<String, Set<ApiCall>> rules(TemplateCommand template) {
    Map<String, Set<ApiCall>> byScope = new HashMap<>();
    for (String doc : template.call().split("(?m)^---\\s*$")) {
      if (!doc.contains("kind: ClusterRole\n") && !doc.contains("kind: Role\n")) {
        continue;
      }
      Object object = Serialization.unmarshal(doc);
      List<PolicyRule> rules;
      String scope;
      if (object instanceof ClusterRole cr) {
        rules = cr.getRules();
        scope = "*";
      } else if (object instanceof Role r) {
        rules = r.getRules();
        scope = r.getMetadata().getNamespace();
      } else {
        continue;
      }
      Set<ApiCall> calls = byScope.computeIfAbsent(scope, s -> new TreeSet<>());
      for (PolicyRule rule : rules) {
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            for (String verb : rule.getVerbs()) {
              assertThat(List.of(group, resource, verb)).as("wildcards").doesNotContain("*");
              calls.add(new ApiCall(group, resource, verb));
            }
          }
        }
      }
    }
    return byScope;
  }

  private static Set<ApiCall> union(Map<String, Set<ApiCall>> rules) {
    return rules.values().stream()
        .flatMap(Set::stream)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static void assertSameCalls(Set<ApiCall> granted, Set<ApiCall> listed) {
    Set<ApiCall> unused = new TreeSet<>(granted);
    unused.removeAll(listed);
    Set<ApiCall> missing = new TreeSet<>(listed);
    missing.removeAll(granted);
    assertThat(unused).as("rules no call in operator-api-calls.txt needs").isEmpty();
    assertThat(missing).as("calls in operator-api-calls.txt no rule allows").isEmpty();
  }

  private static TemplateCommand template() {
    return new Helm(CHART)
        .template()
        .withName("skafka")
        .withNamespace("kafka-system")
        .set("leaderElection.enabled", "true")
        .set("replicas", "2");
  }

  @Test
  void everyRuleIsACallTheOperatorMakesAndEveryCallHasARule() throws IOException {
    assertSameCalls(union(rules(template())), listedCalls());
  }

  @Test
  void withKnownClusterNamespacesSecretsAreReadOnlyThere() throws IOException {
    Map<String, Set<ApiCall>> rules =
        rules(
            template()
                .set("clusterNamespaces[0]", "kafka")
                .set("clusterNamespaces[1]", "kafka-big")
                .set("watchNamespaces[0]", "team-a")
                .set("watchNamespaces[1]", "kafka")
                .set("watchNamespaces[2]", "kafka-big"));
    assertSameCalls(union(rules), listedCalls());
    Set<String> secretReads = Set.of("get", "list", "watch");
    assertThat(rules.get("*"))
        .as("cluster-wide rules")
        .noneMatch(c -> c.group().isEmpty() && c.resource().equals("secrets"));
    assertThat(rules.get("*")).noneMatch(c -> c.resource().equals("configmaps"));
    assertThat(rules.get("kafka"))
        .filteredOn(c -> c.resource().equals("secrets"))
        .extracting(ApiCall::verb)
        .containsAll(secretReads);
    assertThat(rules.get("team-a"))
        .filteredOn(c -> c.resource().equals("secrets"))
        .extracting(ApiCall::verb)
        .containsExactlyInAnyOrder("create", "patch", "delete");
    assertThat(rules.keySet())
        .containsExactlyInAnyOrder("*", "kafka", "kafka-big", "team-a", "kafka-system");
  }

  @Test
  void theListNamesWhereEachCallIsMade() throws IOException {
    try (InputStream in = ChartRbacTest.class.getResourceAsStream("/rbac/operator-api-calls.txt")) {
      new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .forEach(
              l -> assertThat(Arrays.asList(l.trim().split("\\s+"))).as(l).hasSizeGreaterThan(3));
    }
  }
}
