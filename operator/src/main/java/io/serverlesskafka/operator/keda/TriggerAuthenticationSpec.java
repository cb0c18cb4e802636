package io.serverlesskafka.operator.keda;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The part of KEDA's TriggerAuthentication spec the operator sets: parameters read from a Secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggerAuthenticationSpec {
  private List<SecretTargetRef> secretTargetRef;

  public List<SecretTargetRef> getSecretTargetRef() {
    return secretTargetRef;
  }

  public void setSecretTargetRef(List<SecretTargetRef> secretTargetRef) {
    this.secretTargetRef = secretTargetRef;
  }

  /** One trigger parameter taken from a key of a Secret in the same namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretTargetRef {
    private String parameter;
    private String name;
    private String key;

    public SecretTargetRef() {}

    public SecretTargetRef(String parameter, String name, String key) {
      this.parameter = parameter;
      this.name = name;
      this.key = key;
    }

    public String getParameter() {
      return parameter;
    }

    public void setParameter(String parameter) {
      this.parameter = parameter;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }
  }
}
