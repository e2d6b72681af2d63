package io.taskcast.kafka.launcher;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Makes sure the data directory exists and can be written, before anything is started in it. */
final class DataDirectory {

    private DataDirectory() {
    }

    static Path prepare(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            Path probe = Files.createTempFile(absolute, ".write-check", ".tmp");
            Files.delete(probe);
            return absolute;
        } catch (IOException | UnsupportedOperationException e) {
            throw new StartupFailure("Cannot use data directory " + absolute + " (" + describe(e)
                    + "); choose another with --data-dir or TASKCAST_DATA_DIR");
        }
    }

    private static String describe(Exception e) {
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name exists and is not a directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
