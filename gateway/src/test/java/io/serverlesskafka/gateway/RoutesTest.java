package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serverlesskafka.gateway.Routes.Match;
import io.serverlesskafka.gateway.Routes.Route;
import org.junit.jupiter.api.Test;

class RoutesTest {

  @Test
  void matchesUpstashPaths() {
    assertThat(Routes.match("POST", "/produce"))
        .isEqualTo(new Match(Route.PRODUCE, null, null, null, null, null));
    assertThat(Routes.match("GET", "/produce/t"))
        .isEqualTo(new Match(Route.PRODUCE, "t", null, null, null, null));
    assertThat(Routes.match("GET", "/produce/t/hello%20world%2Fslash+plus"))
        .isEqualTo(
            new Match(Route.PRODUCE_IN_PATH, "t", "hello world/slash+plus", null, null, null));
    assertThat(Routes.match("GET", "/consume/g/i/t"))
        .isEqualTo(new Match(Route.CONSUME, "t", null, "g", "i", null));
    assertThat(Routes.match("POST", "/consume/g/i"))
        .isEqualTo(new Match(Route.CONSUME, null, null, "g", "i", null));
    assertThat(Routes.match("POST", "/commit/g/i").route()).isEqualTo(Route.COMMIT);
    assertThat(Routes.match("GET", "/committed/g/i").route()).isEqualTo(Route.COMMITTED);
    assertThat(Routes.match("POST", "/offsets/latest").timestamp()).isEqualTo("latest");
    assertThat(Routes.match("DELETE", "/delete-consumer/g/i").route())
        .isEqualTo(Route.DELETE_CONSUMER);
    assertThat(Routes.match("GET", "/topics").route()).isEqualTo(Route.TOPICS);
    assertThat(Routes.match("GET", "/consumers").route()).isEqualTo(Route.CONSUMERS);
    assertThat(Routes.match("POST", "/webhook").route()).isEqualTo(Route.WEBHOOK);
    assertThat(Routes.match("GET", "/fetch/").route()).isEqualTo(Route.FETCH);
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() {
    assertThatThrownBy(() -> Routes.match("GET", "/produce/a/b/c"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> Routes.match("GET", "/"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> Routes.match("PUT", "/produce"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(405));
    assertThatThrownBy(() -> Routes.match("POST", "/topics"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(405));
  }
}
