package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/**
 * PromQL overrides. Each query must return one series per broker, keeping the label
 * kubernetes_pod_name (or pod) whose value ends in the broker's node ID; $namespace and $cluster
 * are replaced by the ServerlessKafka's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrometheusQueries {
  @Pattern("\\S")
  @JsonPropertyDescription(
      "Bytes/s producers write to each broker. Default: the rate of kafka_server_brokertopicmetrics_bytesin_total.")
  private String ingress;

  @Pattern("\\S")
  @JsonPropertyDescription(
      "Bytes/s each broker sends to consumers. Default: the rate of kafka_server_brokertopicmetrics_bytesout_total.")
  private String egress;

  @Pattern("\\S")
  @JsonPropertyDescription(
      "Bytes of log each broker stores. Default: the sum of kafka_log_log_size.")
  private String disk;

  @Pattern("\\S")
  @JsonPropertyDescription(
      "Partition replicas on each broker. Default: kafka_server_replicamanager_partitioncount.")
  private String partitions;

  public String getIngress() {
    return ingress;
  }

  public void setIngress(String ingress) {
    this.ingress = ingress;
  }

  public String getEgress() {
    return egress;
  }

  public void setEgress(String egress) {
    this.egress = egress;
  }

  public String getDisk() {
    return disk;
  }

  public void setDisk(String disk) {
    this.disk = disk;
  }

  public String getPartitions() {
    return partitions;
  }

  public void setPartitions(String partitions) {
    this.partitions = partitions;
  }
}
