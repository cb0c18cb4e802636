package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.cluster) == has(oldSelf.cluster) && (!has(self.cluster) || self.cluster == oldSelf.cluster)",
    message = "cluster is immutable: a topic cannot move to another cluster",
    fieldPath = ".cluster",
    reason = "FieldValueForbidden")
public class ServerlessTopicSpec {
  @Pattern(Patterns.CLUSTER_REF)
  @JsonPropertyDescription(
      "The ServerlessKafka to put the topic on: name or namespace/name. Default: the cluster annotated serverlesskafka.io/default-cluster=true, or the only one.")
  private String cluster;

  @Min(1)
  @Max(10000)
  @ValidationRule(
      value = "self >= oldSelf",
      message = "partitions cannot be decreased: Kafka cannot remove partitions")
  @JsonPropertyDescription(
      "Number of partitions (1-10000); can grow, never shrink. Default: derived from throughput.ingressMiBps, at least topicDefaults.partitions.")
  private Integer partitions;

  @Min(1)
  @Max(5)
  @JsonPropertyDescription(
      "Copies of each partition (1-5). Default: the cluster's topicDefaults.replicationFactor, capped by the broker count.")
  private Integer replicationFactor;

  @JsonPropertyDescription("Expected load: sizing, quotas and placement.")
  private Throughput throughput;

  @JsonPropertyDescription("How long or how much data is kept.")
  private Retention retention;

  @JsonPropertyDescription(
      "Kafka's cleanup.policy: delete, compact, or compact,delete. Default: delete.")
  private CleanupPolicy cleanupPolicy;

  @JsonPropertyDescription(
      "What deleting this resource does: Delete removes topic, data and credentials; Retain keeps the topic and its data and removes the credentials. Default: Delete.")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription("Consumer Deployments scaled on lag, down to zero (KEDA).")
  private List<ConsumerScaling> consumers;

  public String getCluster() {
    return cluster;
  }

  public void setCluster(String cluster) {
    this.cluster = cluster;
  }

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

  public Throughput getThroughput() {
    return throughput;
  }

  public void setThroughput(Throughput throughput) {
    this.throughput = throughput;
  }

  public Retention getRetention() {
    return retention;
  }

  public void setRetention(Retention retention) {
    this.retention = retention;
  }

  public CleanupPolicy getCleanupPolicy() {
    return cleanupPolicy;
  }

  public void setCleanupPolicy(CleanupPolicy cleanupPolicy) {
    this.cleanupPolicy = cleanupPolicy;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public List<ConsumerScaling> getConsumers() {
    return consumers;
  }

  public void setConsumers(List<ConsumerScaling> consumers) {
    this.consumers = consumers;
  }
}
