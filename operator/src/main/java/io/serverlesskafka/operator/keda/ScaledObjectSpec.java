package io.serverlesskafka.operator.keda;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The part of KEDA's ScaledObject spec the operator sets; see
 * https://keda.sh/docs/latest/reference/scaledobject-spec/.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScaledObjectSpec {
  private ScaleTargetRef scaleTargetRef;
  private Integer pollingInterval;
  private Integer cooldownPeriod;
  private Integer minReplicaCount;
  private Integer maxReplicaCount;
  private List<Trigger> triggers;

  public ScaleTargetRef getScaleTargetRef() {
    return scaleTargetRef;
  }

  public void setScaleTargetRef(ScaleTargetRef scaleTargetRef) {
    this.scaleTargetRef = scaleTargetRef;
  }

  public Integer getPollingInterval() {
    return pollingInterval;
  }

  public void setPollingInterval(Integer pollingInterval) {
    this.pollingInterval = pollingInterval;
  }

  public Integer getCooldownPeriod() {
    return cooldownPeriod;
  }

  public void setCooldownPeriod(Integer cooldownPeriod) {
    this.cooldownPeriod = cooldownPeriod;
  }

  public Integer getMinReplicaCount() {
    return minReplicaCount;
  }

  public void setMinReplicaCount(Integer minReplicaCount) {
    this.minReplicaCount = minReplicaCount;
  }

  public Integer getMaxReplicaCount() {
    return maxReplicaCount;
  }

  public void setMaxReplicaCount(Integer maxReplicaCount) {
    this.maxReplicaCount = maxReplicaCount;
  }

  public List<Trigger> getTriggers() {
    return triggers;
  }

  public void setTriggers(List<Trigger> triggers) {
    this.triggers = triggers;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ScaleTargetRef {
    private String apiVersion;
    private String kind;
    private String name;

    public ScaleTargetRef() {}

    public ScaleTargetRef(String apiVersion, String kind, String name) {
      this.apiVersion = apiVersion;
      this.kind = kind;
      this.name = name;
    }

    public String getApiVersion() {
      return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
      this.apiVersion = apiVersion;
    }

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Trigger {
    private String type;
    private String name;
    private Map<String, String> metadata;
    private AuthenticationRef authenticationRef;

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Map<String, String> getMetadata() {
      return metadata;
    }

    public void setMetadata(Map<String, String> metadata) {
      this.metadata = metadata;
    }

    public AuthenticationRef getAuthenticationRef() {
      return authenticationRef;
    }

    public void setAuthenticationRef(AuthenticationRef authenticationRef) {
      this.authenticationRef = authenticationRef;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AuthenticationRef {
    private String name;
    private String kind;

    public AuthenticationRef() {}

    public AuthenticationRef(String name) {
      this.name = name;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }
  }
}
