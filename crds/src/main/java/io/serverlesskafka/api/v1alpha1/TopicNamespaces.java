package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.from) && self.from == 'Selector') == has(self.selector)",
    message = "selector is required with from: Selector and not allowed otherwise",
    fieldPath = ".selector",
    reason = "FieldValueInvalid")
public class TopicNamespaces {
  @JsonPropertyDescription(
      "Same (default): only this cluster's namespace; All: every namespace; Selector: namespaces whose labels match selector.")
  private NamespacesFrom from;

  @JsonPropertyDescription(
      "With from: Selector, the namespaces whose labels match (kubernetes.io/metadata.name is every namespace's own name).")
  private LabelSelector selector;

  public NamespacesFrom getFrom() {
    return from;
  }

  public void setFrom(NamespacesFrom from) {
    this.from = from;
  }

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }
}
