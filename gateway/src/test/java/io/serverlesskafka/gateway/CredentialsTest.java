package io.serverlesskafka.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

class CredentialsTest {

  private static final byte[] SECRET = new byte[32];

  private static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesBasicHeaderWithColonsInThePassword() {
    Credentials c = Credentials.fromBasicHeader(basic("team-a.orders:pa:ss"));
    assertThat(c.username()).isEqualTo("team-a.orders");
    assertThat(c.password()).isEqualTo("pa:ss");
  }

  @Test
  void refusesMissingOrMalformedCredentialsWith401() {
    for (String header :
        new String[] {
          null, "", "Bearer abc", "Basic !!!", basic("no-colon"), basic(":pw"), basic("user:")
        }) {
      assertThatThrownBy(() -> Credentials.fromBasicHeader(header))
          .isInstanceOfSatisfying(
              GatewayException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
  }

  @Test
  void neverShowsThePassword() {
    Credentials c = new Credentials("u", "hunter2");
    assertThat(c.toString()).doesNotContain("hunter2");
    assertThat(c.cacheKey(SECRET)).doesNotContain("hunter2").startsWith("u#");
  }

  @Test
  void cacheKeyDependsOnThePasswordAndTheProcessSecret() {
    assertThat(new Credentials("u", "a").cacheKey(SECRET))
        .isNotEqualTo(new Credentials("u", "b").cacheKey(SECRET))
        .isEqualTo(new Credentials("u", "a").cacheKey(SECRET));
    byte[] other = new byte[32];
    other[0] = 1;
    assertThat(new Credentials("u", "a").cacheKey(other))
        .isNotEqualTo(new Credentials("u", "a").cacheKey(SECRET));
    // "u" + "\0" separates the fields: user "ab"/password "c" is not user "a"/password "bc".
    assertThat(new Credentials("ab", "c").cacheKey(SECRET))
        .isNotEqualTo(new Credentials("a", "bc").cacheKey(SECRET));
  }

  @Test
  void quotesInAPasswordCannotAddJaasOptions() {
    Credentials sneaky = new Credentials("u", "x\" extra=\"1\\");
    String jaas = ClientSettings.jaasConfig("SCRAM-SHA-512", sneaky);
    AppConfigurationEntry entry =
        JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas)))
            .configurationEntries()
            .get(0);
    Map<String, ?> options = entry.getOptions();
    assertThat(options.keySet()).containsExactlyInAnyOrder("username", "password");
    assertThat(options.get("password")).isEqualTo("x\" extra=\"1\\");
  }
}
