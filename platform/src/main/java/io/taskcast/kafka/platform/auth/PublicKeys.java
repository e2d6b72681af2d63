package io.taskcast.kafka.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads the configured PEM public key ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
final class PublicKeys {

    private static final String INLINE_KEY = "taskcast.auth.jwt.public-key (TASKCAST_JWT_PUBLIC_KEY)";
    private static final String FILE_KEY = "taskcast.auth.jwt.public-key-file (TASKCAST_JWT_PUBLIC_KEY_FILE)";

    private PublicKeys() {
    }

    /**
     * The inline key if set, else the file's.
     *
     * @param keyAlgorithm the JCA key type the JWS algorithm needs: {@code RSA} or {@code EC}
     */
    static PublicKey load(AuthProperties.Jwt jwt, String keyAlgorithm) {
        if (jwt.publicKey() != null) {
            return parse(jwt.publicKey(), keyAlgorithm, INLINE_KEY);
        }
        Path file = Path.of(jwt.publicKeyFile());
        String pem;
        try {
            // Latin-1 decodes any bytes, so a stray byte is reported as a bad key, not as an unreadable file.
            pem = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(FILE_KEY + ": cannot read " + file.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        return parse(pem, keyAlgorithm, FILE_KEY + " " + file.toAbsolutePath());
    }

    private static PublicKey parse(String pem, String keyAlgorithm, String source) {
        // A PEM passed through an environment variable often arrives with literal "\n" sequences.
        String text = pem.replace("\\n", "\n");
        if (text.contains("-----BEGIN") && !text.contains("-----BEGIN PUBLIC KEY-----")) {
            throw new IllegalArgumentException(source + " must be a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        StringBuilder body = new StringBuilder();
        text.lines().filter(line -> !line.startsWith("-----")).forEach(line -> body.append(line.strip()));
        try {
            byte[] der = Base64.getDecoder().decode(body.toString());
            return KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException(source + " is not a valid " + keyAlgorithm + " public key in PEM ("
                    + e.getMessage() + ")", e);
        }
    }
}
