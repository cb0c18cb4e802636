package io.serverlesskafka.operator.keda;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/**
 * KEDA's TriggerAuthentication ({@code keda.sh/v1alpha1}), only secretTargetRef. KEDA owns the CRD.
 */
@Group(ScaledObject.GROUP)
@Version(ScaledObject.VERSION)
@Kind("TriggerAuthentication")
@Plural("triggerauthentications")
public class TriggerAuthentication
    extends CustomResource<TriggerAuthenticationSpec, Map<String, Object>> implements Namespaced {}
