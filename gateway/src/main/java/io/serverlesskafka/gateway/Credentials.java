package io.serverlesskafka.gateway;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A caller's Kafka SCRAM username and password, taken from HTTP Basic authentication. {@link
 * #toString()} never shows the password, so a credential can be logged by mistake without leaking
 * it.
 */
public record Credentials(String username, String password) {

  public Credentials {
    if (username == null || username.isEmpty()) {
      throw new GatewayException(
          401, "Basic authentication needs a username (the topic's SCRAM user)");
    }
    if (password == null || password.isEmpty()) {
      throw new GatewayException(
          401, "Basic authentication needs a password (the topic's SCRAM password)");
    }
    if (hasControlCharacter(username) || hasControlCharacter(password)) {
      throw new GatewayException(401, "credentials must not contain control characters");
    }
  }

  /** Parses an {@code Authorization: Basic base64(user:password)} header. */
  public static Credentials fromBasicHeader(String header) {
    if (header == null || header.isBlank()) {
      throw new GatewayException(
          401,
          "Unauthorized: send HTTP Basic credentials (the topic's SCRAM username and password)");
    }
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    if (space < 0 || !trimmed.substring(0, space).equalsIgnoreCase("Basic")) {
      throw new GatewayException(401, "Unauthorized: only HTTP Basic authentication is supported");
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(trimmed.substring(space + 1).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new GatewayException(401, "Unauthorized: the Basic credentials are not valid base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new GatewayException(401, "Unauthorized: Basic credentials must be username:password");
    }
    return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /**
   * The key under which this credential's Kafka clients are cached: the username and an HMAC of the
   * password under a key known only to this process. Two callers with the same username but
   * different passwords never share clients (one of them authenticated with Kafka, the other did
   * not), and the cache holds no password digest that could be attacked offline.
   */
  public String cacheKey(byte[] processSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(processSecret, "HmacSHA256"));
      mac.update(username.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      byte[] digest = mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
      return username + "#" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }

  private static boolean hasControlCharacter(String value) {
    return value.chars().anyMatch(Character::isISOControl);
  }
}
