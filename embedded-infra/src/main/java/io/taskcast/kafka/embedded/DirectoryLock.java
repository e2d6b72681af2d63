package io.taskcast.kafka.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock on a component's data directory, held while the component runs. The OS drops it
 * when the owning JVM dies, so holding it proves that any server process still named in a pid file
 * is an orphan of a dead JVM and not the live server of a second {@code ./taskcast dev}.
 */
final class DirectoryLock implements AutoCloseable {

    private static final String FILE_NAME = ".embedded.lock";

    private final FileChannel channel;

    private DirectoryLock(FileChannel channel) {
        this.channel = channel;
    }

    static DirectoryLock acquire(Path dir, String component, int port) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dir, component, port, null);
            }
            return new DirectoryLock(channel);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(dir, component, port, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EmbeddedStartException(component, port, "cannot lock data directory " + dir, e);
        } catch (EmbeddedStartException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Closing the channel releases the lock. */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static EmbeddedStartException inUse(Path dir, String component, int port, Throwable cause) {
        return new EmbeddedStartException(component, port,
                "data directory " + dir + " is in use by another running instance", cause);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was written through the channel; a failed close cannot lose data.
        }
    }
}
