package io.taskcast.kafka.platform.auth;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A permission a token or trusted service can hold, by its wire name ({@code task:create}, …, {@code *}). */
public enum Scope {
    TASK_CREATE("task:create"),
    TASK_MANAGE("task:manage"),
    TASK_RESOLVE("task:resolve"),
    EVENT_PUBLISH("event:publish"),
    EVENT_SUBSCRIBE("event:subscribe"),
    EVENT_HISTORY("event:history"),
    WEBHOOK_CREATE("webhook:create"),
    WEBHOOK_MANAGE("webhook:manage"),
    /** List, read, drain and remove workers (taskcast-extras.md §8). */
    WORKER_MANAGE("worker:manage"),
    /** Be a worker: wait for tasks, decline them. A token's {@code workerId} claim binds it to one worker. */
    WORKER_CONNECT("worker:connect"),
    /** Every scope. */
    ALL("*");

    private static final Map<String, Scope> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Scope::wireName, Function.identity()));

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The scope with this exact wire name; empty for names we do not know (they grant nothing). */
    public static Optional<Scope> fromWireName(String name) {
        return Optional.ofNullable(name == null ? null : BY_WIRE_NAME.get(name));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
