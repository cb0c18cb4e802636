package io.serverlesskafka.operator.tenancy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' label selector semantics (matchLabels and matchExpressions, all ANDed), as the API
 * server applies them: an empty selector matches everything, an unknown operator matches nothing.
 */
public final class LabelSelectorMatch {
  private LabelSelectorMatch() {}

  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector == null) {
      return false;
    }
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
    }
    for (LabelSelectorRequirement r :
        selector.getMatchExpressions() == null
            ? List.<LabelSelectorRequirement>of()
            : selector.getMatchExpressions()) {
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      String value = l.get(r.getKey());
      boolean ok =
          switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> l.containsKey(r.getKey());
            case "DoesNotExist" -> !l.containsKey(r.getKey());
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
