package io.taskcast.kafka.bench.load.throughput;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import io.taskcast.kafka.bench.load.LoadReport;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.bench.load.TargetOptions;
import io.taskcast.kafka.schemas.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code taskcast bench webhooks}: deliveries per second from the webhook worker to a local
 * receiver, and publish → receive latency; every published event must be delivered (redeliveries
 * of one {@code webhook-id} are allowed and counted).
 */
@Command(name = "webhooks", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tasks with a webhook to a receiver on 127.0.0.1; batches of events published over HTTP",
                "(closed loop); deliveries/s received and publish -> receive latency."})
public final class WebhooksBenchCommand implements Callable<Integer> {

    private static final double TARGET_RATE = 2_000;

    @Mixin
    TargetOptions target;

    @Mixin
    RunOptions run;

    @Option(names = "--tasks", defaultValue = "100", description = "Tasks, each with one webhook (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--batch", defaultValue = "10", description = "Events per publish request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--connections", defaultValue = "4", description = "Publishers, one request in flight each"
            + " (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--window", defaultValue = "2000",
            description = "Events in flight, published but not yet received (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--secret", description = "A webhook secret, so every delivery is also signed (default: none).")
    String secret;

    @Option(names = "--receiver-threads", defaultValue = "16",
            description = "Threads of the receiver (default: ${DEFAULT-VALUE}).")
    int receiverThreads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = System.out;
        LoadReport.printMachine(out);
        ClosedLoop loop = new ClosedLoop(window, batch);
        try (LoadTarget system = target.open(); StampReceiver receiver = new StampReceiver(loop, receiverThreads)) {
            List<String> ids = TaskcastHttp.benchIds("webhooks", tasks);
            new TaskcastHttp(system.baseUrl()).createRunning(ids, id -> webhooks(receiver.url()));
            List<ClosedLoop.Sender> senders = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                // A client each: one keep-alive connection per sender thread.
                senders.add(new Publisher(new TaskcastHttp(system.baseUrl()), ids));
            }
            ClosedLoop.Result result = loop.run(senders, run.warmup, run.duration, Duration.ofSeconds(60),
                    system.server());
            LoadReport.printHeader(out);
            String settings = tasks + " tasks b" + batch + " c" + connections + " w" + window
                    + (secret == null ? "" : " signed");
            Rows.print(out, "webhooks", settings, result, "≥ 2,000/s", result.rate() >= TARGET_RATE);
            out.println("redeliveries (same webhook-id again): " + receiver.redeliveries());
            return result.problem() == null ? 0 : 1;
        }
    }

    /** One webhook to the receiver, for bench events only (no status events). */
    private JsonNode webhooks(URI url) {
        ObjectNode hook = Json.mapper().createObjectNode().put("url", url.toString());
        ObjectNode filter = hook.putObject("filter").put("includeStatus", false);
        filter.putArray("types").add(WebhookPublisherEvents.TYPE);
        if (secret != null) {
            hook.put("secret", secret);
        }
        ArrayNode hooks = Json.mapper().createArrayNode();
        hooks.add(hook);
        return hooks;
    }

    /** Publishes one batch per send over HTTP, to the task the batch's number picks; expects 201. */
    private static final class Publisher implements ClosedLoop.Sender {
        private final TaskcastHttp http;
        private final List<String> tasks;

        Publisher(TaskcastHttp http, List<String> tasks) {
            this.http = http;
            this.tasks = tasks;
        }

        @Override
        public void send(long firstSeq, int count, long sentNanos) throws IOException, InterruptedException {
            String task = tasks.get((int) (firstSeq / count % tasks.size()));
            http.publishOk(task, new String(WebhookPublisherEvents.batch(firstSeq, count, sentNanos),
                    StandardCharsets.UTF_8));
        }
    }
}
