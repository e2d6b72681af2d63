package io.taskcast.kafka.launcher;

import io.taskcast.kafka.embedded.EmbeddedStartException;
import io.taskcast.kafka.platform.kafka.KafkaUnavailableException;
import io.taskcast.kafka.platform.kafka.TopicMismatchException;

import java.util.Set;

/**
 * Reports a failed start as one clear line instead of a wall of stack traces. The messages of our
 * own start-up checks are written for people; anything else gets its root cause and a hint.
 */
public final class StartupFailure extends RuntimeException {

    static final int EXIT_CODE = 2;
    private static final Set<Class<? extends Throwable>> SELF_EXPLAINING = Set.of(StartupFailure.class,
            KafkaUnavailableException.class, TopicMismatchException.class, EmbeddedStartException.class,
            IllegalArgumentException.class, IllegalStateException.class);

    StartupFailure(String message) {
        super(message, null, false, false);
    }

    /** Prints the failure as one line (the stack trace with -Dtaskcast.verbose=true); returns the exit code. */
    public static int report(Throwable e) {
        String ours = ownMessage(e);
        System.err.println("taskcast: " + (ours != null ? ours : rootCause(e)));
        if (Boolean.getBoolean("taskcast.verbose")) {
            e.printStackTrace();
        } else if (ours == null) {
            System.err.println("(run with -Dtaskcast.verbose=true for the stack trace)");
        }
        return EXIT_CODE;
    }

    /** The most specific message we wrote ourselves, else the root cause. */
    static String explain(Throwable e) {
        String ours = ownMessage(e);
        return ours != null ? ours : rootCause(e);
    }

    /** The innermost message written for people by our own checks, or null. */
    private static String ownMessage(Throwable e) {
        String ours = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (SELF_EXPLAINING.contains(t.getClass()) && t.getMessage() != null) {
                ours = t.getMessage();
            }
        }
        return ours;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
