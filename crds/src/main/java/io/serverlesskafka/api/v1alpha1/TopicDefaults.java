package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicDefaults {
  @Min(1)
  @Max(10000)
  @JsonPropertyDescription(
      "Fewest partitions of a topic whose partitions are derived from throughput. Default: 3.")
  private Integer partitions;

  @Min(1)
  @Max(5)
  @JsonPropertyDescription(
      "Replication factor of topics that leave it out, capped by the broker count. Default: 3.")
  private Integer replicationFactor;

  @JsonPropertyDescription("Retention of topics that leave it out. Default: 7d, no size limit.")
  private Retention retention;

  public Integer getPartitions() {
    return partitions;
  }

  public void setPartitions(Integer partitions) {
    this.partitions = partitions;
  }

  public Integer getReplicationFactor() {
    return replicationFactor;
  }

  public void setReplicationFactor(Integer replicationFactor) {
    this.replicationFactor = replicationFactor;
  }

  public Retention getRetention() {
    return retention;
  }

  public void setRetention(Retention retention) {
    this.retention = retention;
  }
}
