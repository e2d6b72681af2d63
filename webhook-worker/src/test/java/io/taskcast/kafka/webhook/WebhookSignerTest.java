package io.taskcast.kafka.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The request headers of api.md §7. Fixed vectors were computed with {@code openssl dgst -sha256
 * -hmac …} (see each test); the others are checked against an HMAC built here from
 * {@link MessageDigest} by RFC 2104, a code path independent of {@code javax.crypto.Mac}.
 */
class WebhookSignerTest {

    private static final byte[] BODY = "{\"type\":\"llm.delta\",\"data\":{\"text\":\"hi\"}}".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "taskcast-test-secret";
    /** whsec_ + base64 of the bytes 0x00..0x1f. */
    private static final String WHSEC = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void shouldSendEveryHeaderInAStableOrderWithASecret() {
        Map<String, String> headers = WebhookSigner.headers(SECRET, "msg_01J0TEST", "llm.delta", 1_700_000_000L, BODY);

        // printf '%s' "$BODY" | openssl dgst -sha256 -hmac taskcast-test-secret -hex
        // printf '%s' "msg_01J0TEST.1700000000.$BODY" | openssl dgst -sha256 -hmac taskcast-test-secret -binary | base64
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Content-Type", "application/json");
        expected.put("X-Taskcast-Event", "llm.delta");
        expected.put("X-Taskcast-Timestamp", "1700000000");
        expected.put("X-Taskcast-Signature", "sha256=b642dc74ebaa2bb0a3ad5846e47909ae409d11dfaf0bc158f4d1055dee5f2776");
        expected.put("webhook-id", "msg_01J0TEST");
        expected.put("webhook-timestamp", "1700000000");
        expected.put("webhook-signature", "v1,OVLustvxHDPvATqQe+OAdgiFrxA1WDlv94IMbVjmJ+g=");
        assertThat(headers).containsExactlyEntriesOf(expected);
    }

    @Test
    void shouldSendNoSignatureHeadersWithoutASecret() {
        Map<String, String> headers = WebhookSigner.headers(null, "msg_1", "taskcast:status", 42L, BODY);

        assertThat(headers).containsExactly(
                entry("Content-Type", "application/json"),
                entry("X-Taskcast-Event", "taskcast:status"),
                entry("X-Taskcast-Timestamp", "42"),
                entry("webhook-id", "msg_1"),
                entry("webhook-timestamp", "42"));
    }

    @Test
    void shouldSignStandardWebhooksWithTheDecodedKeyOfAWhsecSecret() {
        Map<String, String> headers = WebhookSigner.headers(WHSEC, "msg_01J0TEST", "llm.delta", 1_700_000_000L, BODY);

        // printf '%s' "msg_01J0TEST.1700000000.$BODY" | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1f -binary | base64
        assertThat(headers).containsEntry("webhook-signature", "v1,5t4DHISjqebMQOJEbF46Sjj+8OFbGh17/RYHAjbFUQE=");
        // Taskcast's own header keys with the secret text as given: openssl dgst -sha256 -hmac "$WHSEC" -hex
        assertThat(headers).containsEntry("X-Taskcast-Signature",
                "sha256=f05b1476ec7b238f0fcb5a480510d661fc151cd6e9ff6dccd1ab335a537124d5");
    }

    @Test
    void shouldSignUtf8SecretsOverTheExactBodyBytes() {
        byte[] body = "{\"text\":\"h\u00e9llo \u2713\"}".getBytes(StandardCharsets.UTF_8);

        Map<String, String> headers = WebhookSigner.headers("s3cr\u20act", "wh_1", "t", 42L, body);

        // printf '%s' '{"text":"héllo ✓"}' | openssl dgst -sha256 -hmac 's3cr€t' -hex (and the same for "wh_1.42.$BODY")
        assertThat(headers).containsEntry("X-Taskcast-Signature",
                "sha256=ce00897c8b08fa087068443797a52d2a32be680d9283d49ceaf6450c9d79ba73");
        assertThat(headers).containsEntry("webhook-signature", "v1,B7iHdYOsq/us8qrKXvG/TqSGVG9LdfOWHJXfiOzZmoc=");
    }

    @Test
    void shouldAgreeWithAnIndependentHmacOnVariedInputs() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            byte[] keyBytes = new byte[1 + random.nextInt(100)];
            random.nextBytes(keyBytes);
            String secret = round % 2 == 0 ? "whsec_" + Base64.getEncoder().encodeToString(keyBytes) : "k" + round;
            byte[] standardKey = round % 2 == 0 ? keyBytes : secret.getBytes(StandardCharsets.UTF_8);
            long timestamp = 1_600_000_000L + random.nextInt(1_000_000);
            String id = "msg_" + round;

            Map<String, String> headers = WebhookSigner.headers(secret, id, "e", timestamp, body);

            byte[] signedContent = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
            assertThat(headers.get("X-Taskcast-Signature"))
                    .isEqualTo("sha256=" + HexFormat.of().formatHex(rfc2104(secret.getBytes(StandardCharsets.UTF_8), body)));
            assertThat(headers.get("webhook-signature"))
                    .isEqualTo("v1," + Base64.getEncoder().encodeToString(rfc2104(standardKey, signedContent)));
        }
    }

    @Test
    void shouldPercentEncodeEventTypesThatAreNotVisibleAscii() {
        assertThat(WebhookSigner.headers(null, "m", "llm.delta", 1, BODY).get("X-Taskcast-Event")).isEqualTo("llm.delta");
        assertThat(WebhookSigner.headers(null, "m", "caf\u00e9 100%", 1, BODY).get("X-Taskcast-Event"))
                .isEqualTo("caf%C3%A9 100%25");
        assertThat(WebhookSigner.headers(null, "m", "a\r\nX-Evil: 1", 1, BODY).get("X-Taskcast-Event"))
                .isEqualTo("a%0D%0AX-Evil: 1");
    }

    @Test
    void shouldRefuseAMissingWebhookIdAndABadWhsecKey() {
        assertThatThrownBy(() -> WebhookSigner.headers(null, "", "t", 1, BODY))
                .hasMessage("webhookId must be a non-empty string");
        assertThatThrownBy(() -> WebhookSigner.headers("whsec_", "m", "t", 1, BODY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSigner.headers("whsec_not base64!", "m", "t", 1, BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** HMAC-SHA256 as RFC 2104 defines it: H((K ^ opad) || H((K ^ ipad) || m)), block size 64. */
    private static byte[] rfc2104(byte[] key, byte[] message) {
        byte[] block = new byte[64];
        byte[] k = key.length > 64 ? sha256(key) : key;
        System.arraycopy(k, 0, block, 0, k.length);
        byte[] inner = new byte[64];
        byte[] outer = new byte[64];
        for (int i = 0; i < 64; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        return sha256(concat(outer, sha256(concat(inner, message))));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
