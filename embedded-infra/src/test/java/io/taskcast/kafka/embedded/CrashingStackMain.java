package io.taskcast.kafka.embedded;

import static io.taskcast.kafka.embedded.StackClients.createTopic;
import static io.taskcast.kafka.embedded.StackClients.execute;
import static io.taskcast.kafka.embedded.StackClients.produce;
import static io.taskcast.kafka.embedded.StackClients.redis;

import io.taskcast.kafka.embedded.EmbeddedStack.Options;
import java.nio.file.Path;
import redis.clients.jedis.RedisClient;

/**
 * Run in a child JVM by {@link OrphanRecoveryIT}: starts a persistent stack, writes to all three
 * components, prints READY and waits to be killed with SIGKILL.
 */
public final class CrashingStackMain {

    static final String READY = "CRASHING-STACK-READY";

    private CrashingStackMain() {
    }

    /** Arguments: data directory, PostgreSQL binaries directory, and optionally the Redis and Postgres ports. */
    public static void main(String[] args) throws Exception {
        Options options = Options.persistent(Path.of(args[0])).withPostgresBinariesDir(Path.of(args[1]));
        if (args.length > 2) {
            options = options.withPorts(0, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
        EmbeddedStack stack = EmbeddedStack.start(options);
        createTopic(stack, "durable");
        produce(stack, "durable", "task-1", "created");
        try (RedisClient redis = redis(stack)) {
            redis.set("task-1", "running");
        }
        execute(stack, "create table task (id text primary key)");
        execute(stack, "insert into task values ('task-1')");
        System.out.println(READY);
        System.out.flush();
        // Ends only if the test JVM goes away without killing us (stdin closes), so we never linger.
        while (System.in.read() != -1) {
            continue;
        }
        stack.close();
    }
}
