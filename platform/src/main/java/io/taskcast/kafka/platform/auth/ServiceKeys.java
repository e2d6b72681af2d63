package io.taskcast.kafka.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the trusted service a {@code X-Taskcast-Service-Key} belongs to without leaking, through
 * timing, how much of a key matched or how long the keys are: keys are compared as SHA-256 digests
 * (fixed length) with {@link MessageDigest#isEqual}, and every configured key is always compared.
 */
final class ServiceKeys {

    private record Entry(byte[] digest, AuthContext context) {
    }

    /** How two digests are compared; {@link MessageDigest#isEqual} takes the same time whatever they hold. */
    interface DigestComparison {
        boolean equal(byte[] configured, byte[] presented);
    }

    private final List<Entry> entries;
    private final DigestComparison comparison;

    ServiceKeys(List<AuthProperties.TrustedService> services) {
        this(services, MessageDigest::isEqual);
    }

    ServiceKeys(List<AuthProperties.TrustedService> services, DigestComparison comparison) {
        this.entries = services.stream().map(s -> new Entry(sha256(s.key()), contextOf(s))).toList();
        this.comparison = comparison;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    Optional<AuthContext> match(String presentedKey) {
        byte[] presented = sha256(presentedKey);
        AuthContext found = null;
        for (Entry entry : entries) {
            if (comparison.equal(entry.digest(), presented) && found == null) {
                found = entry.context();
            }
        }
        return Optional.ofNullable(found);
    }

    private static AuthContext contextOf(AuthProperties.TrustedService service) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        service.scope().forEach(name -> Scope.fromWireName(name).ifPresent(scopes::add));
        AuthContext.TaskIds taskIds = service.taskIds().contains("*")
                ? AuthContext.TaskIds.ALL : AuthContext.TaskIds.of(service.taskIds());
        return new AuthContext(scopes, taskIds, "svc:" + service.name(), Map.of());
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime must provide SHA-256", e);
        }
    }
}
