package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerlessTopicStatus extends ConditionedStatus {
  @JsonPropertyDescription("The ServerlessKafka the topic lives on, as namespace/name.")
  private String cluster;

  @JsonPropertyDescription("Name of the topic in Kafka: <namespace>.<name>.")
  private String kafkaTopic;

  @JsonPropertyDescription("Partitions the topic has.")
  private Integer partitions;

  @JsonPropertyDescription("Replication factor of the topic.")
  private Integer replicationFactor;

  @JsonPropertyDescription("Secret in this namespace with the client settings and credentials.")
  private String secretName;

  @JsonPropertyDescription("Kafka user name of the topic's credentials.")
  private String username;

  @JsonPropertyDescription("Bootstrap servers of the cluster.")
  private String bootstrapServers;

  @JsonPropertyDescription("Metered usage and showback cost (sampled by the operator).")
  private TopicUsage usage;

  public String getCluster() {
    return cluster;
  }

  public void setCluster(String cluster) {
    this.cluster = cluster;
  }

  public String getKafkaTopic() {
    return kafkaTopic;
  }

  public void setKafkaTopic(String kafkaTopic) {
    this.kafkaTopic = kafkaTopic;
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

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public TopicUsage getUsage() {
    return usage;
  }

  public void setUsage(TopicUsage usage) {
    this.usage = usage;
  }
}
