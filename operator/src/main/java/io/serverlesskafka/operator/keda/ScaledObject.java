package io.serverlesskafka.operator.keda;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/**
 * KEDA's ScaledObject ({@code keda.sh/v1alpha1}), only the fields the operator writes. KEDA owns
 * the CRD; this class lives in the operator module so that our CRD generator never sees it.
 */
@Group(ScaledObject.GROUP)
@Version(ScaledObject.VERSION)
@Kind("ScaledObject")
@Plural("scaledobjects")
public class ScaledObject extends CustomResource<ScaledObjectSpec, Map<String, Object>>
    implements Namespaced {
  public static final String GROUP = "keda.sh";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
}
