package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaSettings {
  @Pattern("^[0-9]+\\.[0-9]+\\.[0-9]+$")
  @JsonPropertyDescription("Kafka version, e.g. 4.1.1. Default: 4.1.1.")
  private String version;

  @JsonPropertyDescription("Persistent storage of each broker.")
  private StorageSettings storage;

  @JsonPropertyDescription("CPU and memory of each broker pod.")
  private ResourceRequirements resources;

  // Values are kept as typed (Strimzi's own schema for config is open too). A CEL rule cannot
  // narrow them to
  // scalars (the API server gives rules no type for untyped values), so the operator refuses lists
  // and
  // objects with Ready=False InvalidSpec.
  @JsonPropertyDescription(
      "Extra Kafka broker configuration, passed to Strimzi's Kafka.spec.kafka.config: values are strings, numbers or booleans, e.g. num.io.threads: 8.")
  private Map<String, AnyType> config;

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public StorageSettings getStorage() {
    return storage;
  }

  public void setStorage(StorageSettings storage) {
    this.storage = storage;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Map<String, AnyType> getConfig() {
    return config;
  }

  public void setConfig(Map<String, AnyType> config) {
    this.config = config;
  }
}
