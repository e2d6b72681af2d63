package io.taskcast.kafka.bench.load.throughput;

import io.taskcast.kafka.testkit.ServerProcess;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One {@code bench direct} measurement: publish commands written straight to the commands topic
 * (as any producer in any language may), and the resulting events read back from the events topic
 * with read_committed, as every reader of the system does.
 */
final class DirectRun {

    static final String EVENT_TYPE = "bench.direct";

    private final String bootstrap;
    private final Topics topics;
    private final List<String> tasks;
    private final Set<String> taskSet;
    private final int lingerMs;
    private final String padding;

    DirectRun(String bootstrap, Topics topics, List<String> tasks, int lingerMs, int paddingChars) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.tasks = tasks;
        this.taskSet = Set.copyOf(tasks);
        this.lingerMs = lingerMs;
        this.padding = "x".repeat(paddingChars);
    }

    ClosedLoop.Result run(int window, int eventsPerCommand, Duration warmup, Duration duration, ServerProcess server)
            throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(window, eventsPerCommand);
        OrderCheck order = new OrderCheck();
        try (Producer<String, Command> producer = new KafkaProducer<>(producerConfig(),
                topics.commands().keySerde().serializer(), topics.commands().valueSerde().serializer());
             Consumer<String, EventRecord> consumer = new KafkaConsumer<>(consumerConfig(),
                     topics.events().keySerde().deserializer(), topics.events().valueSerde().deserializer())) {
            String eventsTopic = topics.events().name();
            List<TopicPartition> partitions = consumer.partitionsFor(eventsTopic).stream()
                    .map(p -> new TopicPartition(eventsTopic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            EventReader reader = new EventReader(consumer, loop, order);
            reader.start();
            ClosedLoop.Result result;
            try {
                result = loop.run(List.of(new CommandSender(producer, loop, eventsPerCommand)), warmup, duration,
                        Duration.ofSeconds(60), server);
            } finally {
                reader.stop();
            }
            return result.withProblem(order.problem());
        }
    }

    private Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    /** One publish command per send, to the task the first sequence number picks, its events numbered in order. */
    private final class CommandSender implements ClosedLoop.Sender {
        private final Producer<String, Command> producer;
        private final ClosedLoop loop;
        private final int eventsPerCommand;

        CommandSender(Producer<String, Command> producer, ClosedLoop loop, int eventsPerCommand) {
            this.producer = producer;
            this.loop = loop;
            this.eventsPerCommand = eventsPerCommand;
        }

        @Override
        public void send(long firstSeq, int count, long sentNanos) {
            String task = tasks.get((int) (firstSeq / eventsPerCommand % tasks.size()));
            List<EventInput> events = new ArrayList<>(count);
            for (long seq = firstSeq; seq < firstSeq + count; seq++) {
                JsonNode data = Json.mapper().createObjectNode().put(Stamp.SEQ_FIELD, seq)
                        .put(Stamp.SENT_FIELD, sentNanos).put("pad", padding);
                events.add(new EventInput(EVENT_TYPE, null, data, null, null, null));
            }
            Command command = new PublishEvents(task + "-c" + firstSeq, task, events);
            producer.send(new ProducerRecord<>(topics.commands().name(), task, command), (metadata, error) -> {
                if (error != null) {
                    loop.failed(error.toString());
                }
            });
        }
    }

    /** Reads the events topic and reports each bench event's stamp; other tasks' events are skipped. */
    private final class EventReader {
        private final Consumer<String, EventRecord> consumer;
        private final ClosedLoop loop;
        private final OrderCheck order;
        private final Thread thread;
        private volatile boolean stopping;

        EventReader(Consumer<String, EventRecord> consumer, ClosedLoop loop, OrderCheck order) {
            this.consumer = consumer;
            this.loop = loop;
            this.order = order;
            this.thread = new Thread(this::read, "bench-direct-events");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            stopping = true;
            thread.join();
        }

        private void read() {
            try {
                while (!stopping) {
                    for (ConsumerRecord<String, EventRecord> record : consumer.poll(Duration.ofMillis(50))) {
                        TaskEvent event = record.value() == null ? null : record.value().event();
                        if (event != null && EVENT_TYPE.equals(event.type()) && taskSet.contains(event.taskId())) {
                            long seq = event.data().get(Stamp.SEQ_FIELD).asLong();
                            order.observe(event.taskId(), seq, event.index());
                            loop.arrived(seq, event.data().get(Stamp.SENT_FIELD).asLong());
                        }
                    }
                }
            } catch (RuntimeException e) {
                // The run must fail with the reason, not wait for events nobody reads.
                loop.failed("events reader stopped: " + e);
            }
        }
    }
}
