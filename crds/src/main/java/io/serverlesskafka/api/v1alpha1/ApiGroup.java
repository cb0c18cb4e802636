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

  /**
   * On everything the operator writes for a ServerlessTopic: who owns it ({@code
   * ServerlessTopic/<namespace>/<name>}) and that owner's UID, so that an object of the same name
   * made by someone else, or left by an earlier topic, is never taken over.
   */
  public static final String ANNOTATION_OWNER = GROUP + "/owner";

  public static final String ANNOTATION_OWNER_UID = GROUP + "/owner-uid";

  /**
   * UID of the topic's namespace when the object was written: a re-created namespace of the same
   * name differs.
   */
  public static final String ANNOTATION_NAMESPACE_UID = GROUP + "/namespace-uid";

  /**
   * Set by a platform admin on a retained KafkaTopic (value: the namespace name) to let a
   * ServerlessTopic of that namespace take it over although the namespace was re-created; removed
   * when it is taken over.
   */
  public static final String ANNOTATION_ADOPTABLE_BY = GROUP + "/adoptable-by";

  /**
   * On a ServerlessTopic, value {@code drop}: stop granting the consumer group prefix of earlier
   * versions ({@code <namespace>.<name>.}), once its consumers use {@code <namespace>.<name>_}.
   */
  public static final String ANNOTATION_LEGACY_GROUP_PREFIX = GROUP + "/legacy-group-prefix";

  /** Marks the ServerlessKafka that topics without {@code spec.cluster} go to. */
  public static final String ANNOTATION_DEFAULT_CLUSTER = GROUP + "/default-cluster";

  private ApiGroup() {}
}
