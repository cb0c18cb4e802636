package io.serverlesskafka.api.v1alpha1;

/** Names shared by the API model, the operator and the chart. */
public final class ApiGroup {
  public static final String GROUP = "serverlesskafka.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Label and annotation keys the operator writes on the objects it owns. */
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "serverless-kafka-operator";
  public static final String LABEL_TOPIC_NAMESPACE = GROUP + "/topic-namespace";
  public static final String LABEL_TOPIC_NAME = GROUP + "/topic-name";
  public static final String LABEL_CLUSTER = GROUP + "/cluster";
  /** Marks the ServerlessKafka that topics without {@code spec.cluster} go to. */
  public static final String ANNOTATION_DEFAULT_CLUSTER = GROUP + "/default-cluster";

  private ApiGroup() {}
}
