package io.serverlesskafka.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ListenerSettings {
  // No schema default: the API server would fill it into clusters created before TLS existed too,
  // and switch
  // their running clients' listener under them. The operator decides the default (see
  // docs/api-reference.md).
  @JsonPropertyDescription(
      "Encrypt client traffic: SCRAM-SHA-512 over TLS (SASL_SSL) when true, SCRAM-SHA-512 in plain text"
          + " (SASL_PLAINTEXT) when false. Default: true for a new cluster; a cluster whose Strimzi Kafka already runs a"
          + " plain-text listener keeps it until this is set.")
  private Boolean tls;

  public Boolean getTls() {
    return tls;
  }

  public void setTls(Boolean tls) {
    this.tls = tls;
  }
}
