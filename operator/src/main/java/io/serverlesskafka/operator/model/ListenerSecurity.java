package io.serverlesskafka.operator.model;

import io.serverlesskafka.api.v1alpha1.ServerlessKafkaSpec;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;

/**
 * Whether the client listener encrypts: SCRAM-SHA-512 over TLS ({@code SASL_SSL}) or in plain text
 * ({@code SASL_PLAINTEXT}). Pure: decided from the spec and the Strimzi Kafka as it is.
 */
public record ListenerSecurity(boolean tls) {
  public static final ListenerSecurity TLS = new ListenerSecurity(true);
  public static final ListenerSecurity PLAINTEXT = new ListenerSecurity(false);
  public static final String SASL_SSL = "SASL_SSL";
  public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";

  /**
   * {@code spec.listener.tls} when set. Unset, a new cluster gets TLS, and a Kafka that already
   * runs keeps its client listener as it is: switching it would cut off every application that
   * holds the old client settings, so going from plain text to TLS is the platform team's explicit
   * edit.
   */
  public static ListenerSecurity decide(ServerlessKafkaSpec spec, Kafka current) {
    if (spec != null && spec.getListener() != null && spec.getListener().getTls() != null) {
      return new ListenerSecurity(spec.getListener().getTls());
    }
    ListenerSecurity running = of(current);
    return running != null ? running : TLS;
  }

  /** The client listener of an existing Strimzi Kafka; null when there is none. */
  public static ListenerSecurity of(Kafka kafka) {
    if (kafka == null
        || kafka.getSpec() == null
        || kafka.getSpec().getKafka() == null
        || kafka.getSpec().getKafka().getListeners() == null) {
      return null;
    }
    return kafka.getSpec().getKafka().getListeners().stream()
        .filter(l -> StrimziNames.CLIENT_LISTENER.equals(l.getName()))
        .findFirst()
        .map(GenericKafkaListener::isTls)
        .map(ListenerSecurity::new)
        .orElse(null);
  }

  /**
   * From a ServerlessKafka's {@code status.securityProtocol}; a status written before TLS existed
   * means plain text.
   */
  public static ListenerSecurity fromProtocol(String securityProtocol) {
    return SASL_SSL.equals(securityProtocol) ? TLS : PLAINTEXT;
  }

  /** Kafka's {@code security.protocol} for clients of this listener. */
  public String securityProtocol() {
    return tls ? SASL_SSL : SASL_PLAINTEXT;
  }

  /** Strimzi's customary ports: 9093 for TLS, 9092 for plain text. */
  public int port() {
    return tls ? StrimziNames.CLIENT_TLS_LISTENER_PORT : StrimziNames.CLIENT_LISTENER_PORT;
  }
}
