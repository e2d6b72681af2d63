package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.platform.redis.ViewChange;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
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
        if (effects.cleanup() != null) {
            cleanUp(record.key(), effects, record.timestamp());
            return;
        }
        if (effects.importGeneration() != null) {
            imported(record.key(), effects, record.timestamp());
            return;
        }
        if (effects.release() == Effects.Release.NOW) {
            released(record.key(), effects, record.timestamp());
            return;
        }
        views.write(new ViewChange(effects.task(), effects.events(), effects.taskChanged()));
        long ts = record.timestamp();
        if (effects.taskChanged()) {
            context.forward(new Record<>(record.key(), effects.task(), ts), TaskTopology.TASKS_SINK);
        }
        for (EventRecord event : effects.events()) {
            context.forward(new Record<>(record.key(), event, ts), TaskTopology.EVENTS_SINK);
        }
        for (WebhookDelivery delivery : effects.deliveries()) {
            context.forward(new Record<>(record.key(), delivery, ts), TaskTopology.DELIVERIES_SINK);
        }
        effects.reply().ifPresent(reply -> context.forward(Replies.record(reply, ts), TaskTopology.REPLIES_SINK));
        hooks.changed(effects.task(), effects.events());
    }

    /**
     * Redis first (history replaced), then on {@code taskcast-events} a record without value that
     * tells readers to forget the task's earlier events, the imported events, and the snapshot on
     * {@code taskcast-tasks}, all marked with the import header (Headers#IMPORT): live readers do
     * not broadcast them. No webhook deliveries, no hooks: an import is not news.
     */
    private void imported(String taskId, Effects effects, long ts) {
        long generation = effects.importGeneration();
        views.write(ViewChange.imported(effects.task(), effects.events()));
        context.forward(new Record<>(taskId, null, ts, importHeader(generation)), TaskTopology.EVENTS_SINK);
        for (EventRecord event : effects.events()) {
            context.forward(new Record<>(taskId, event, ts, importHeader(generation)), TaskTopology.EVENTS_SINK);
        }
        context.forward(new Record<>(taskId, effects.task(), ts, importHeader(generation)), TaskTopology.TASKS_SINK);
        effects.reply().ifPresent(reply -> context.forward(Replies.record(reply, ts), TaskTopology.REPLIES_SINK));
    }

    /**
     * Redis lets the task go, then the unchanged snapshot on {@code taskcast-tasks} says so
     * (Headers#RELEASED): a rebuild of the Redis view leaves the task out.
     */
    private void released(String taskId, Effects effects, long ts) {
        views.release(taskId);
        context.forward(new Record<>(taskId, effects.task(), ts, releasedHeader()), TaskTopology.TASKS_SINK);
        effects.reply().ifPresent(reply -> context.forward(Replies.record(reply, ts), TaskTopology.REPLIES_SINK));
    }

    private static RecordHeaders releasedHeader() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.RELEASED, new byte[0]);
        return headers;
    }

    private static RecordHeaders importHeader(long generation) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.IMPORT, Long.toString(generation).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /**
     * Redis first, then a record on {@code taskcast-tasks} that tells the archive (and any other
     * reader of the topic) the same: a tombstone when the task goes, the unchanged snapshot when
     * only events go, both carrying the cleanup in a header.
     */
    private void cleanUp(String taskId, Effects effects, long ts) {
        TaskCleanup cleanup = effects.cleanup();
        views.cleanUp(cleanup);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CLEANUP, Json.toBytes(cleanup));
        if (effects.release() == Effects.Release.EARLIER) {
            headers.add(Headers.RELEASED, new byte[0]);
        }
        Object value = cleanup.removesTask() ? null : effects.task();
        context.forward(new Record<>(taskId, value, ts, headers), TaskTopology.TASKS_SINK);
    }
}
