package io.taskcast.kafka.gateway.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskcast.kafka.gateway.live.LiveListeners;
import io.taskcast.kafka.platform.TaskReads;
import io.taskcast.kafka.platform.hooks.EventDropped;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Builds the frames of task and global streams. A task stream registers for live records first,
 * then reads the history, then sends the replay and the live records above the last replayed
 * index: with architecture.md invariant 4 this leaves neither a gap nor a duplicate.
 */
public final class TaskStreams {

    private final LiveListeners listeners;
    private final TaskReads views;
    private final SubscriberCounts subscribers;
    private final Duration keepalive;
    private final int maxBuffered;
    private final OpenStreams open;
    private final HookDispatcher hooks;

    public TaskStreams(LiveListeners listeners, TaskReads views, SubscriberCounts subscribers,
                       Duration keepalive, int maxBuffered) {
        this(listeners, views, subscribers, keepalive, maxBuffered, new OpenStreams(new SimpleMeterRegistry()),
                HookDispatcher.none());
    }

    /**
     * @param open  counts the streams while they are served
     * @param hooks told when a stream is closed for falling behind ({@code onEventDropped})
     */
    public TaskStreams(LiveListeners listeners, TaskReads views, SubscriberCounts subscribers,
                       Duration keepalive, int maxBuffered, OpenStreams open, HookDispatcher hooks) {
        this.open = open;
        this.hooks = hooks;
        this.listeners = listeners;
        this.views = views;
        this.subscribers = subscribers;
        this.keepalive = keepalive;
        this.maxBuffered = maxBuffered;
    }

    /** Blocking (reads Redis, or the archive for a task Redis let go): call off the event loop. {@code task} was read after the auth checks. */
    public Flux<ServerSentEvent<String>> openTask(String taskId, StreamQuery query, Task task) {
        return openTask(taskId, query, task, StreamClient.NONE);
    }

    /**
     * As {@link #openTask(String, StreamQuery, Task)}, written to {@code client}'s connection. The
     * listener and the subscriber count are taken now, before the frames are subscribed to, so
     * that no event falls between replay and live; a client gone before the response was written
     * never subscribes, and {@link StreamClient#closed()} is then what gives them back.
     */
    public Flux<ServerSentEvent<String>> openTask(String taskId, StreamQuery query, Task task, StreamClient client) {
        String name = "the stream of task " + taskId;
        LiveBuffer buffer = new LiveBuffer(maxBuffered, name, record -> tooSlow(record, name, client));
        Mono<Void> closed = client.closed();
        LiveListeners.Registration registration = listeners.onTask(taskId, buffer::offer);
        try {
            subscribers.increment(taskId);
        } catch (RuntimeException e) {
            registration.close();
            throw e;
        }
        Runnable release = once(() -> {
            registration.close();
            Schedulers.boundedElastic().schedule(() -> subscribers.decrement(taskId));
        });
        closed.subscribe(null, error -> release.run(), release);
        Replay replay;
        try {
            TaskHistory history = views.historyWithSeriesStates(taskId);
            replay = Replay.of(query, task, history);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        Flux<ServerSentEvent<String>> replayed = Flux.fromIterable(replay.events()).map(n -> Frames.event(n, query.wrap()));
        Flux<ServerSentEvent<String>> rest = replay.doneReason() != null
                ? Flux.just(Frames.done(replay.doneReason()))
                : live(buffer, new LiveNumbering(query, replay), query.wrap());
        return open.countTask(withKeepalive(replayThenLive(replayed, rest)).doFinally(signal -> release.run()));
    }

    /**
     * The records of every task the caller may see ({@code visible}, by task id) from now on,
     * numbered per connection; never ends by itself.
     */
    public Flux<ServerSentEvent<String>> openGlobal(StreamQuery query, Predicate<String> visible) {
        return openGlobal(query, visible, StreamClient.NONE);
    }

    /** As {@link #openGlobal(StreamQuery, Predicate)}; the listener goes when {@code client}'s connection closes at the latest. */
    public Flux<ServerSentEvent<String>> openGlobal(StreamQuery query, Predicate<String> visible, StreamClient client) {
        String name = "a global stream";
        LiveBuffer buffer = new LiveBuffer(maxBuffered, name, record -> tooSlow(record, name, client));
        Mono<Void> closed = client.closed();
        LiveListeners.Registration registration = listeners.onEveryTask(record -> {
            if (visible.test(record.event().taskId())) {
                buffer.offer(record);
            }
        });
        LiveNumbering numbering = LiveNumbering.fromConnect(query);
        Flux<ServerSentEvent<String>> frames = buffer.records()
                .concatMapIterable(record -> numbering.number(record).map(n -> Frames.event(n, query.wrap())).stream().toList());
        Runnable release = once(registration::close);
        closed.subscribe(null, error -> release.run(), release);
        return open.countGlobal(withKeepalive(frames).doFinally(signal -> release.run()));
    }

    /**
     * {@code replayed}, then {@code live}. Not {@code replayed.concatWith(live)}: in Reactor Core 3.8
     * that operator can lose a request made on another thread (the event loop) while it switches
     * to the second source, leaving the stream stalled with demand outstanding. The iterable
     * concat hands requests over under a lock-free arbiter that does not (ReplayThenLiveTest).
     */
    static <T> Flux<T> replayThenLive(Flux<T> replayed, Flux<T> live) {
        return Flux.concat(List.of(replayed, live));
    }

    private void tooSlow(EventRecord record, String stream, StreamClient client) {
        client.fellBehind(stream);
        TaskEvent event = record.event();
        hooks.eventDropped(new EventDropped(event.taskId(), event.id(), event.index(), event.type(),
                EventDropped.Reason.SUBSCRIBER_TOO_SLOW, stream + " fell more than " + maxBuffered + " events behind"));
    }

    private static Flux<ServerSentEvent<String>> live(LiveBuffer buffer, LiveNumbering numbering, boolean wrap) {
        return buffer.records().filter(numbering::isNew)
                .takeUntil(record -> LiveNumbering.doneReason(record).isPresent())
                .concatMapIterable(record -> framesOf(record, numbering, wrap));
    }

    private static List<ServerSentEvent<String>> framesOf(EventRecord record, LiveNumbering numbering, boolean wrap) {
        List<ServerSentEvent<String>> frames = new ArrayList<>(2);
        numbering.number(record).ifPresent(n -> frames.add(Frames.event(n, wrap)));
        LiveNumbering.doneReason(record).ifPresent(reason -> frames.add(Frames.done(reason)));
        return frames;
    }

    /**
     * Adds a {@code : keepalive} comment at once and then every period until the frames end. The
     * first one makes the server send the response headers even when there is nothing to replay,
     * so clients see the stream open (EventSource {@code onopen}) without waiting for an event.
     */
    private Flux<ServerSentEvent<String>> withKeepalive(Flux<ServerSentEvent<String>> frames) {
        return Flux.defer(() -> {
            Sinks.One<Boolean> ended = Sinks.one();
            Flux<ServerSentEvent<String>> comments = Flux.interval(Duration.ZERO, keepalive)
                    .map(tick -> Frames.keepalive()).takeUntilOther(ended.asMono());
            return Flux.merge(frames.doFinally(signal -> ended.tryEmitValue(Boolean.TRUE)), comments);
        });
    }

    private static Runnable once(Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }
}
