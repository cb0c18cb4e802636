package io.serverlesskafka.operator.rbac;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Records the API requests a client makes, as RBAC sees them ({@link ApiCall}: group, resource,
 * verb), so that a test can compare what the operator really does with the list of calls the
 * chart's rules are checked against.
 */
public final class ApiCallRecorder implements Interceptor {
  private final Set<ApiCall> calls = new ConcurrentSkipListSet<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    ApiCall call = ApiCall.of(request.method(), request.uri().getPath(), request.uri().getQuery());
    if (call != null) {
      calls.add(call);
    }
  }

  public Set<ApiCall> calls() {
    return new TreeSet<>(calls);
  }
}
