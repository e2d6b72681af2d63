package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.platform.redis.ViewChange;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.worker.PoolMessage;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;

/**
 * The side-effect stage: writes the change to the short-term view, then forwards it to the output
 * topics (the task snapshot when the task changed, the events, then their webhook deliveries, in
 * the same transaction). The view is written before any of these records leaves the processor
 * (ViewFirstClients), so whoever sees them can already read the change (docs/fast-path.md).
 */
final class ViewStage implements Processor<String, Effects, String, Object> {

    private final ViewWriter views;
    private final StatusHooks hooks;
    private ProcessorContext<String, Object> context;

    ViewStage(ViewWriter views, StatusHooks hooks) {
        this.views = views;
        this.hooks = hooks;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Effects> record) {
        Effects effects = record.value();
        String taskId = record.key();
        long ts = record.timestamp();
        switch (effects.kind()) {
            case CLEANUP -> cleanUp(taskId, effects, ts);
            case IMPORT -> imported(taskId, effects, ts);
            case RELEASE -> released(taskId, effects, ts);
            case CHANGE -> changed(taskId, effects, ts);
        }
    }

    private void changed(String taskId, Effects effects, long ts) {
        views.write(new ViewChange(effects.task(), effects.events(), effects.taskChanged()));
        if (effects.taskChanged()) {
            context.forward(new Record<>(taskId, effects.task(), ts, headers(effects, false)), TaskTopology.TASKS_SINK);
        }
        for (EventRecord event : effects.events()) {
            context.forward(new Record<>(taskId, event, ts, headers(effects, false)), TaskTopology.EVENTS_SINK);
        }
        for (WebhookDelivery delivery : effects.deliveries()) {
            context.forward(new Record<>(taskId, delivery, ts), TaskTopology.DELIVERIES_SINK);
        }
        effects.reply().ifPresent(reply -> context.forward(Replies.record(reply, ts), TaskTopology.REPLIES_SINK));
        toPool(effects, ts);
        hooks.changed(effects.task(), effects.events());
    }

    /**
     * Redis first (history replaced), then on {@code taskcast-events} a record without value that
     * tells readers to forget the task's earlier events, the imported events, and the snapshot on
     * {@code taskcast-tasks}, all marked as the import's (Headers#IMPORTED): live readers do not
     * broadcast them. No webhook deliveries, no hooks: an import is not news.
     */
    private void imported(String taskId, Effects effects, long ts) {
        views.write(ViewChange.imported(effects.task(), effects.events(), effects.generation()));
        context.forward(new Record<>(taskId, null, ts, headers(effects, true)), TaskTopology.EVENTS_SINK);
        for (EventRecord event : effects.events()) {
            context.forward(new Record<>(taskId, event, ts, headers(effects, true)), TaskTopology.EVENTS_SINK);
        }
        context.forward(new Record<>(taskId, effects.task(), ts, headers(effects, true)), TaskTopology.TASKS_SINK);
        effects.reply().ifPresent(reply -> context.forward(Replies.record(reply, ts), TaskTopology.REPLIES_SINK));
        toPool(effects, ts);
    }

    /** The worker pool stage hears of an assignable task's change after the view holds it. */
    private void toPool(Effects effects, long ts) {
        effects.pool().ifPresent(news -> context.forward(new Record<String, Object>(PoolMessage.DEFAULT_POOL, news, ts),
                TaskTopology.POOL_SINK));
    }

    /**
     * Redis lets the task go, then the unchanged snapshot on {@code taskcast-tasks} says so
     * (Headers#RELEASED): a rebuild of the Redis view leaves the task out.
     */
    private void released(String taskId, Effects effects, long ts) {
        views.release(taskId);
        context.forward(new Record<>(taskId, effects.task(), ts, headers(effects, false)), TaskTopology.TASKS_SINK);
        effects.reply().ifPresent(reply -> context.forward(Replies.record(reply, ts), TaskTopology.REPLIES_SINK));
    }

    /**
     * Redis first, then a record on {@code taskcast-tasks} that tells the archive (and any other
     * reader of the topic) the same: a tombstone when the task goes, the unchanged snapshot when
     * only events go, both carrying the cleanup in a header.
     */
    private void cleanUp(String taskId, Effects effects, long ts) {
        TaskCleanup cleanup = effects.cleanup();
        views.cleanUp(cleanup);
        RecordHeaders headers = headers(effects, false);
        headers.add(Headers.CLEANUP, Json.toBytes(cleanup));
        Object value = cleanup.removesTask() ? null : effects.task();
        context.forward(new Record<>(taskId, value, ts, headers), TaskTopology.TASKS_SINK);
    }

    /**
     * What a record of the task says beyond its value: the generation of an imported task, whether
     * the record is the import's own, whether the task was released. None for most tasks.
     */
    private static RecordHeaders headers(Effects effects, boolean ofTheImport) {
        RecordHeaders headers = new RecordHeaders();
        if (effects.generation() != null) {
            byte[] generation = Long.toString(effects.generation()).getBytes(StandardCharsets.UTF_8);
            headers.add(Headers.GENERATION, generation);
            if (ofTheImport) {
                headers.add(Headers.IMPORTED, generation);
            }
        }
        if (effects.released()) {
            headers.add(Headers.RELEASED, new byte[0]);
        }
        return headers;
    }
}
