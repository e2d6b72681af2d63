package io.taskcast.kafka.processor.engine;

import com.github.f4b6a3.ulid.Ulid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Event ids as ULIDs derived from the command: the time part is the command's timestamp, the random
 * part a hash of the command id and the event's position in it. A retried transaction therefore
 * produces the same ids (architecture invariant 3).
 */
final class EventIds {

    private EventIds() {
    }

    static String of(String commandId, int position, long timestamp) {
        byte[] hash = sha256(commandId + "#" + position);
        return new Ulid(timestamp, Arrays.copyOf(hash, 10)).toString();
    }

    private static byte[] sha256(String input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
