package io.taskcast.kafka.schemas.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How a webhook secret becomes a signing key; shared by validation (at create) and the signer. */
public final class WebhookSecrets {

    public static final String WHSEC_PREFIX = "whsec_";

    private WebhookSecrets() {
    }

    /**
     * The Standard Webhooks signing key: the base64 after {@code whsec_}, decoded, or else the
     * secret's UTF-8 bytes.
     *
     * @throws IllegalArgumentException when a {@code whsec_} secret carries no valid base64 key
     */
    public static byte[] standardWebhooksKey(String secret) {
        if (!secret.startsWith(WHSEC_PREFIX)) {
            return secret.getBytes(StandardCharsets.UTF_8);
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(WHSEC_PREFIX.length()));
        if (key.length == 0) {
            throw new IllegalArgumentException("a whsec_ secret needs a non-empty base64 key after the prefix");
        }
        return key;
    }
}
