package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Retention {
  @Pattern(Patterns.RETENTION_TIME)
  @JsonPropertyDescription(
      "How long records are kept: a number with ms, s, m, h or d (7d), or -1 for ever. Kafka's retention.ms.")
  private String time;

  @Pattern(Patterns.RETENTION_BYTES)
  @JsonPropertyDescription(
      "Most bytes kept per partition: a quantity such as 10Gi, or -1 for no limit. Kafka's retention.bytes.")
  private String bytes;

  public Retention() {}

  public Retention(String time, String bytes) {
    this.time = time;
    this.bytes = bytes;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getBytes() {
    return bytes;
  }

  public void setBytes(String bytes) {
    this.bytes = bytes;
  }
}
