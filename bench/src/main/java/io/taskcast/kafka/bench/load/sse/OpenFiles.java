package io.taskcast.kafka.bench.load.sse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The soft limit on open files of a process, read from {@code /proc/<pid>/limits}: each SSE
 * connection costs one descriptor in the client and one in the server. The JVM already raises its
 * soft limit to the hard one at start (HotSpot's MaxFDLimit), so nothing more can be done in process.
 */
final class OpenFiles {

    private OpenFiles() {
    }

    /** -1 when unknown (not Linux), {@link Long#MAX_VALUE} when unlimited. */
    static long softLimit(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
                if (line.startsWith("Max open files")) {
                    return parseSoft(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The soft limit in a {@code Max open files  20000  20000  files} line. */
    static long parseSoft(String line) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
    }
}
