package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Who may put topics on a cluster, shaped like Gateway API's {@code listeners[].allowedRoutes}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AllowedTopics {
  @JsonPropertyDescription(
      "Namespaces whose ServerlessTopics may use this cluster. Default: from: Same.")
  private TopicNamespaces namespaces;

  public TopicNamespaces getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(TopicNamespaces namespaces) {
    this.namespaces = namespaces;
  }
}
