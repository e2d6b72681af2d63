package io.taskcast.kafka.webhook;

import io.taskcast.kafka.schemas.webhook.WebhookSecrets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The headers of one webhook request (api.md §7): Taskcast's own ({@code X-Taskcast-*}, signed
 * with the secret's UTF-8 bytes over the body) and the Standard Webhooks set ({@code webhook-*},
 * signed over {@code "{id}.{timestamp}.{body}"} with the secret's bytes, or the decoded key of a
 * {@code whsec_<base64>} secret). Signatures cover the exact body bytes that are sent.
 */
public final class WebhookSigner {

    public static final String CONTENT_TYPE = "Content-Type";
    public static final String TASKCAST_EVENT = "X-Taskcast-Event";
    public static final String TASKCAST_TIMESTAMP = "X-Taskcast-Timestamp";
    public static final String TASKCAST_SIGNATURE = "X-Taskcast-Signature";
    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";

    private static final String HMAC = "HmacSHA256";

    private WebhookSigner() {
    }

    /**
     * @param secret           the webhook's secret; null sends no signature headers
     * @param webhookId        stable across the retries of one delivery
     * @param eventType        the event's type, for {@code X-Taskcast-Event} (see {@link #headerSafe})
     * @param timestampSeconds unix seconds of this attempt, in both timestamp headers
     * @param body             the exact bytes that will be sent
     * @return the headers in a stable order
     */
    public static Map<String, String> headers(String secret, String webhookId, String eventType,
                                              long timestampSeconds, byte[] body) {
        if (webhookId == null || webhookId.isEmpty()) {
            throw new IllegalArgumentException("webhookId must be a non-empty string");
        }
        Objects.requireNonNull(eventType, "eventType");
        String timestamp = Long.toString(timestampSeconds);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONTENT_TYPE, "application/json");
        headers.put(TASKCAST_EVENT, headerSafe(eventType));
        headers.put(TASKCAST_TIMESTAMP, timestamp);
        if (secret != null) {
            byte[] taskcastMac = hmac(secret.getBytes(StandardCharsets.UTF_8), body);
            headers.put(TASKCAST_SIGNATURE, "sha256=" + HexFormat.of().formatHex(taskcastMac));
        }
        headers.put(WEBHOOK_ID, webhookId);
        headers.put(WEBHOOK_TIMESTAMP, timestamp);
        if (secret != null) {
            byte[] prefix = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
            byte[] standardMac = hmac(WebhookSecrets.standardWebhooksKey(secret), prefix, body);
            headers.put(WEBHOOK_SIGNATURE, "v1," + Base64.getEncoder().encodeToString(standardMac));
        }
        return Collections.unmodifiableMap(headers);
    }

    /**
     * Event types are free text, but a header value must be visible ASCII: anything else, and
     * {@code %} itself so the form stays reversible, is percent-encoded as UTF-8. Usual types
     * ({@code llm.delta}, {@code taskcast:status}) pass unchanged; the body carries the type as is.
     */
    static String headerSafe(String value) {
        StringBuilder safe = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0x20 && b < 0x7f && b != '%') {
                safe.append((char) b);
            } else {
                safe.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return safe.toString();
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JDK", e);
        }
    }
}
